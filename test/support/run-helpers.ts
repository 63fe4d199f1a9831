/**
 * Helpers for the run e2e suites (test/e2e/runs): create workflows, read balances and whole ledgers through
 * the admin API, fetch stored media, and a few workflow documents built around the sandbox models.
 */
import request from 'supertest';
import type { Session, TestApp } from './test-app';
import { edge, WorkflowDoc } from './workflow-fixtures';

export interface LedgerRow {
  id: string;
  type: 'topup' | 'adjust' | 'reserve' | 'refund';
  amount: number;
  balanceAfter: number;
  executionId: string | null;
  reason: string;
  createdAt: string;
}

/** Creates a workflow for the session (201 expected) and returns its slug. */
export async function createWorkflow(
  session: Session,
  doc: WorkflowDoc | Record<string, unknown>,
): Promise<string> {
  const res = await session.http.post('/api/workflows').send(doc);
  if (res.status !== 201)
    throw new Error(`creating a workflow answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.slug as string;
}

export async function balanceOf(t: TestApp, accountId: string): Promise<number> {
  const res = await t.api(t.adminKey).get(`/api/admin/accounts/${accountId}`).expect(200);
  return res.body.balance as number;
}

export async function topUp(t: TestApp, accountId: string, amount: number): Promise<void> {
  await t
    .api(t.adminKey)
    .post(`/api/admin/accounts/${accountId}/credits`)
    .send({ amount, reason: 'test top-up' })
    .expect(201);
}

/** Every ledger row of the account, newest first, following `nextCursor` to the end. */
export async function ledgerOf(t: TestApp, accountId: string): Promise<LedgerRow[]> {
  const rows: LedgerRow[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await t.api(t.adminKey).get(`/api/admin/accounts/${accountId}/ledger?${query}`).expect(200);
    rows.push(...(res.body.data as LedgerRow[]));
    cursor = res.body.nextCursor;
    if (cursor === null) return rows;
  }
  throw new Error('the ledger never ended');
}

/** Fetches a media URL from the result through this app (PUBLIC_BASE_URL may name another port in tests). */
export async function fetchMedia(
  t: TestApp,
  url: string,
): Promise<{ status: number; contentType: string; body: Buffer }> {
  const { pathname } = new URL(url);
  const res = await request(t.baseUrl)
    .get(pathname)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: res.status, contentType: String(res.headers['content-type']), body: res.body as Buffer };
}

/**
 * request-input (`prompt`) → model → response-output, the model's static params in `data.params`.
 * `kind` is the output's type (text for sandbox-text, image for sandbox-image, video for sandbox-video).
 */
export function sandboxWorkflow(
  model: string,
  params: Record<string, unknown>,
  kind: 'text' | 'image' | 'video' | 'audio',
  slug?: string,
): WorkflowDoc {
  return {
    ...(slug ? { slug } : {}),
    name: `Sandbox ${model}`,
    nodes: [
      {
        id: 'input',
        type: 'request-input',
        data: { fields: [{ name: 'prompt', type: 'text', required: true }] },
      },
      { id: 'gen', type: 'model', data: { model, params } },
      { id: 'output', type: 'response-output', data: { type: kind, name: 'out' } },
    ],
    edges: [edge('e1', 'input.prompt', 'gen.prompt'), edge('e2', 'gen.out', 'output.value')],
  };
}

/** A small valid PNG as a data: URL (made with sharp). */
export async function pngDataUrl(width: number, height: number): Promise<string> {
  const sharp = (await import('sharp')).default;
  const png = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
