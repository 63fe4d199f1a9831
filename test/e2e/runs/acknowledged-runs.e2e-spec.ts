import request from 'supertest';
import { Agent, fetch as undiciFetch } from 'undici';
import {
  buildServer,
  Instance,
  provisionAccount,
  startInstance,
  stopInstance,
  waitUntilReady,
} from '../../support/server-process';
import { dropSchema, freePort, prepareTestEnv, TestEnv } from '../../support/test-env';
import { modelWorkflow, templateWorkflow } from '../../support/workflow-fixtures';
import { startTestApp, TestApp } from '../../support/test-app';

jest.setTimeout(120_000);

const CONNECTIONS = 20;
/** Answers to receive before the kill: enough that several group commits are among them. */
const ANSWERS_BEFORE_KILL = 150;

/**
 * Group commit must not trade durability away (an acknowledged run is on disk): sync runs, free ones and paid ones,
 * are sent over 20 connections, and the server is SIGKILLed the moment the client holds 150 answers, with more
 * runs in flight. After a restart on the same database, every answered run is there, completed, charged as answered.
 */
describe('acknowledged sync runs survive SIGKILL', () => {
  let testEnv: TestEnv;
  let server: Instance | undefined;
  let restarted: TestApp | undefined;
  afterAll(async () => {
    await stopInstance(server);
    await restarted?.close();
    await dropSchema(testEnv?.schema);
  });

  it('every run answered 200 before the kill is in the database afterwards', async () => {
    buildServer();
    testEnv = await prepareTestEnv();
    const env = testEnv.env;
    server = startInstance('killed', await freePort(), env);
    await waitUntilReady(server, env.BOOTSTRAP_ADMIN_KEY);
    const { key } = await provisionAccount(server, env.BOOTSTRAP_ADMIN_KEY, {
      email: 'durable@example.com',
      tier: 'enterprise',
      credits: 100_000,
      capabilities: ['workflow:*', 'execution:read'],
    });
    const user = (path: string) => request(server!.baseUrl).post(path).set('x-api-key', key);
    await user('/api/workflows')
      .send(templateWorkflow({ slug: 'free' }))
      .expect(201);
    await user('/api/workflows')
      .send({ ...modelWorkflow(), slug: 'paid' })
      .expect(201);

    const answered: Array<{ executionId: string; cost: number; result: unknown }> = [];
    const dispatcher = new Agent({ connections: CONNECTIONS });
    let killed = false;
    let sent = 0;
    const loop = async () => {
      while (!killed) {
        const slug = sent++ % 2 === 0 ? 'free' : 'paid';
        try {
          const res = await undiciFetch(`${server!.baseUrl}/api/workflows/${slug}/run`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': key },
            body: JSON.stringify({ inputs: { prompt: `run ${sent}` } }),
            dispatcher,
          });
          const body = (await res.json()) as { executionId: string; cost: number; result: unknown };
          if (res.status !== 200) throw new Error(`run answered ${res.status}: ${JSON.stringify(body)}`);
          if (killed) return; // read after the kill was sent: not counted, it may or may not be on disk
          answered.push(body);
          if (answered.length >= ANSWERS_BEFORE_KILL) {
            killed = true;
            server!.process.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, loop));
    const child = server.process;
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((resolve) => child.once('exit', resolve));
    await dispatcher.close();
    expect(answered.length).toBe(ANSWERS_BEFORE_KILL);
    expect(sent).toBeGreaterThan(ANSWERS_BEFORE_KILL); // runs were in flight when it died

    restarted = await startTestApp({ ...env, PORT: String(await freePort()) });
    const missing: string[] = [];
    for (const run of answered) {
      const res = await restarted.api(key).get(`/api/executions/${run.executionId}`);
      if (res.status !== 200) {
        missing.push(run.executionId);
        continue;
      }
      expect(res.body).toMatchObject({ status: 'completed', result: run.result, cost: run.cost });
    }
    expect(missing).toEqual([]);
    const paid = answered.filter((run) => run.cost > 0).length;
    process.stdout.write(
      `acknowledged-runs: ${answered.length} answered (${paid} paid) of ${sent} sent before SIGKILL; ` +
        `${answered.length - missing.length} found completed after restart\n`,
    );
  });
});
