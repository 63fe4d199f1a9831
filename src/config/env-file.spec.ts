import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from './env-parsers';
import { loadEnvFile } from './env-file';

describe('loadEnvFile', () => {
  const file = (text: string): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'flowgate-env-')), '.env');
    writeFileSync(path, text);
    return path;
  };

  it('sets what the environment lacks and leaves what it has', () => {
    const env: Env = { PORT: '4000', EMPTY: '' };
    const set = loadEnvFile(
      file('# comment\nPORT=3000\nLOG_FORMAT=pretty\nMETRICS_TOKEN="quoted value"\nEMPTY=filled\n'),
      env,
    );
    expect(env).toEqual({ PORT: '4000', EMPTY: '', LOG_FORMAT: 'pretty', METRICS_TOKEN: 'quoted value' });
    expect(set.sort()).toEqual(['LOG_FORMAT', 'METRICS_TOKEN']);
  });

  it('is a no-op without a file', () => {
    const env: Env = {};
    expect(loadEnvFile(join(tmpdir(), 'no-such-dir-flowgate', '.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
