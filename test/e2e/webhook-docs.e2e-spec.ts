import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { docSnippet } from '../support/doc-snippets';
import { startTestApp, TestApp } from '../support/test-app';
import { listenOnLoopback, readBody } from '../support/loopback';

type Verify = (rawBody: Buffer | string, header: string, secret: string, tolerance?: number) => boolean;

/** The Node snippet of docs/webhooks.md, evaluated as it stands. */
function nodeVerifier(): Verify {
  const sandbox: { require: NodeRequire; Buffer: typeof Buffer; verify?: Verify } = { require, Buffer };
  runInNewContext(`${docSnippet('webhooks.md', 'node')}\nverify = verifyFlowgateSignature;`, sandbox);
  return sandbox.verify!;
}

function bash(script: string, cwd: string, env: Record<string, string>): string {
  const run = spawnSync('bash', ['-c', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bash failed: ${run.stderr}`);
  return run.stdout.trim();
}

function hasPython(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

/** docs/webhooks.md: its verification snippets accept a real delivery's signature and refuse altered ones. */
describe('webhook verification snippets (docs/webhooks.md)', () => {
  let t: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
  let delivery: { body: Buffer; signature: string; secret: string };
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-webhook-docs-'));

  beforeAll(async () => {
    t = await startTestApp();
    receiver = createServer((req, res) => {
      void readBody(req).then((body) => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    receiverUrl = `${await listenOnLoopback(receiver)}/flowgate`;

    // A real delivery, signed with a secret the server generated.
    const s = await t.createSession({ tier: 'pro', capabilities: ['key:manage', 'webhook:receive'] });
    const set = await s.http.put(`/api/api-keys/${s.keyId}/webhook`).send({ url: receiverUrl }).expect(200);
    await s.http.post(`/api/api-keys/${s.keyId}/webhook/test`).expect(201);
    const last = received[received.length - 1];
    delivery = {
      body: last.body,
      signature: String(last.headers['x-flowgate-signature']),
      secret: set.body.secret,
    };
    expect(delivery.secret).toMatch(/^whsec_/);
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await t.close();
  });

  it('Node: verifies the delivery, and refuses another secret, another body or an old timestamp', () => {
    const verify = nodeVerifier();
    const { body, signature, secret } = delivery;
    expect(verify(body, signature, secret)).toBe(true);
    expect(verify(body.toString('utf8'), signature, secret)).toBe(true);
    expect(verify(body, signature, `${secret}x`)).toBe(false);
    expect(verify(Buffer.concat([body, Buffer.from(' ')]), signature, secret)).toBe(false);
    const stale = signature.replace(/t=(\d+)/, (_m, t) => `t=${Number(t) - 301}`);
    expect(verify(body, stale, secret)).toBe(false);
    expect(verify(body, 'garbage', secret)).toBe(false);
  });

  it('openssl: verifies the delivery and refuses an altered body', () => {
    const script = docSnippet('webhooks.md', 'openssl-verify');
    const env = { SIGNATURE: delivery.signature, SECRET: delivery.secret };
    writeFileSync(join(dir, 'body.json'), delivery.body);
    expect(bash(script, dir, env)).toBe('valid');
    expect(bash(script, dir, { ...env, SECRET: 'whsec_wrong' })).toBe('invalid');
    writeFileSync(join(dir, 'body.json'), Buffer.concat([delivery.body, Buffer.from('\n')]));
    expect(bash(script, dir, env)).toBe('invalid');
  });

  it('curl + openssl: a delivery signed by the docs snippet passes the Node verifier', async () => {
    const before = received.length;
    const secret = 'whsec_' + 'm'.repeat(32);
    // Asynchronously: the receiver curl talks to lives in this process.
    await promisify(execFile)('bash', ['-c', docSnippet('webhooks.md', 'openssl-sign')], {
      cwd: dir,
      env: { ...process.env, SECRET: secret, RECEIVER_URL: receiverUrl },
      timeout: 30_000,
    });
    expect(received.length).toBe(before + 1);
    const signed = received[received.length - 1];
    expect(nodeVerifier()(signed.body, String(signed.headers['x-flowgate-signature']), secret)).toBe(true);
    expect(JSON.parse(signed.body.toString('utf8')).event).toBe('webhook.test');
  });

  (hasPython() ? it : it.skip)('Python: verifies the delivery and refuses another secret', () => {
    const script = [
      docSnippet('webhooks.md', 'python'),
      'import sys',
      'body = open(sys.argv[1], "rb").read()',
      'print(verify_flowgate_signature(body, sys.argv[2], sys.argv[3]))',
    ].join('\n');
    writeFileSync(join(dir, 'verify.py'), script);
    writeFileSync(join(dir, 'body.json'), delivery.body);
    const python = (secret: string) =>
      spawnSync('python3', [join(dir, 'verify.py'), join(dir, 'body.json'), delivery.signature, secret], {
        encoding: 'utf8',
      }).stdout.trim();
    expect(python(delivery.secret)).toBe('True');
    expect(python(`${delivery.secret}x`)).toBe('False');
  });
});
