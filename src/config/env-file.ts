import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { Env } from './env-parsers';

/**
 * Reads a `.env` file into the environment at start. A variable the real environment already has wins, so
 * `PORT=4000 npm start` overrides the file. A missing file is fine (every variable has a default).
 * Returns the names it set.
 */
export function loadEnvFile(path = '.env', env: Env = process.env): string[] {
  if (!existsSync(path)) return [];
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
