import type { ModelAvailability } from './model-availability';

/** What the models module needs from the app config; the lead provides it under MODELS_OPTIONS. */
export interface ModelsOptions {
  /** MODELS_FILE: extra or overriding registry entries. */
  modelsFile?: string;
  /** Which entries' providers are configured (the providers module's answer); every entry runs when omitted. */
  availability?: ModelAvailability;
}

export const MODELS_OPTIONS = Symbol('MODELS_OPTIONS');
