import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { templateWorkflow } from '../support/workflow-fixtures';
import { USE_SERVICES } from '../support/test-env';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/**
 * The embedded database's checkpoints run in a thread of their own (WalCheckpointer), not on the connection that
 * commits runs (whose own bound is ~80 MB of WAL): runs committed to the WAL reach the database file itself within
 * moments. Read from a copy of the database file alone, without its WAL: only checkpointed pages are in it.
 */
(USE_SERVICES ? describe.skip : describe)('WAL checkpoints off the run path (embedded default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('moves committed runs into the database file without the server checkpointing', async () => {
    const s = await t.createSession({ tier: 'pro', capabilities: ['workflow:*'] });
    await s.http
      .post('/api/workflows')
      .send(templateWorkflow({ slug: 'wal' }))
      .expect(201);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await s.http
        .post('/api/workflows/wal/run')
        .send({ inputs: { prompt: `${i}` } })
        .expect(200);
      ids.push(res.body.executionId);
    }
    const file = join(t.config.dataDir, 'flowgate.sqlite');
    const inFileAlone = () => {
      const copy = join(mkdtempSync(join(tmpdir(), 'flowgate-wal-')), 'copy.sqlite');
      copyFileSync(file, copy); // the file without its -wal: what checkpoints wrote
      const db = new Database(copy, { readonly: true });
      try {
        const placeholders = ids.map(() => '?').join(', ');
        return (
          db.prepare(`SELECT count(*) AS n FROM executions WHERE id IN (${placeholders})`).get(...ids) as {
            n: number;
          }
        ).n;
      } finally {
        db.close();
      }
    };
    const found = () => {
      try {
        return inFileAlone();
      } catch {
        return 0; // the schema itself not checkpointed yet
      }
    };
    await waitFor('the runs in the database file', () => (found() === ids.length ? true : undefined), {
      timeoutMs: 5000,
    });
    expect(inFileAlone()).toBe(ids.length);
  });
});
