/** What the models module needs from the app config; the lead provides it under MODELS_OPTIONS. */
export interface ModelsOptions {
  /** MODELS_FILE: extra or overriding registry entries. */
  modelsFile?: string;
}

export const MODELS_OPTIONS = Symbol('MODELS_OPTIONS');
