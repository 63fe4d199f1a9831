import { InitialSchema1764374400000 } from './1764374400000-initial-schema';

/** Every migration, in order. Listed explicitly so the app, the CLI and ormconfig.ts share one list. */
export const MIGRATIONS = [InitialSchema1764374400000];
