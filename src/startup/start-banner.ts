import type { AppConfig } from '../config/app-config';

/**
 * The lines a person sees once the server listens: where it is, where the docs are, and (in the embedded demo)
 * ready-to-paste curl lines last, so they are the last thing on the screen.
 */
export function startBanner(config: AppConfig, demoLines: readonly string[]): string {
  const base = `http://localhost:${config.port}`;
  const storage = config.databaseUrl ? 'PostgreSQL' : 'SQLite';
  return [
    '',
    `Flowgate listening on http://${config.host}:${config.port} (role ${config.role}, ${storage}${config.redisUrl ? ' + Redis' : ''})`,
    `  API docs: ${base}/docs   health: ${base}/health/ready   metrics: ${base}/metrics`,
    ...demoLines,
    '',
  ].join('\n');
}
