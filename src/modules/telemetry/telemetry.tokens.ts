/** The process's pino logger (common/logging/app-logger.ts), for request and execution lines. */
export const APP_LOGGER = Symbol('APP_LOGGER');
