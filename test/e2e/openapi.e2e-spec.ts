import { spawnSync } from 'node:child_process';
import { startTestApp, TestApp } from '../support/test-app';

type Operation = { security?: Array<Record<string, string[]>>; responses: Record<string, unknown> };
type OpenApiDoc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
};

/**
 * @seriousme/openapi-schema-validator is ESM-only, which Jest's CommonJS runtime cannot load; Node can, so the
 * document is validated in a child `node` process.
 */
function validateOpenApi(doc: unknown): { valid: boolean; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const result = await new Validator().validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    input: JSON.stringify(doc),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Every route so far: method, path, whether a key is needed, whether the path names a thing (404). */
const ROUTES: Array<{ method: string; path: string; auth: boolean; names: boolean; forbidden?: boolean }> = [
  { method: 'get', path: '/api/whoami', auth: true, names: false, forbidden: false },
  { method: 'post', path: '/api/api-keys', auth: true, names: false },
  { method: 'get', path: '/api/api-keys', auth: true, names: false },
  { method: 'delete', path: '/api/api-keys/{id}', auth: true, names: true },
  { method: 'post', path: '/api/admin/accounts', auth: true, names: false },
  { method: 'get', path: '/api/admin/accounts/{id}', auth: true, names: true },
  { method: 'patch', path: '/api/admin/accounts/{id}', auth: true, names: true },
  { method: 'post', path: '/api/admin/accounts/{id}/credits', auth: true, names: true },
  { method: 'get', path: '/api/admin/accounts/{id}/ledger', auth: true, names: true },
  { method: 'post', path: '/api/admin/accounts/{id}/api-keys', auth: true, names: true },
  { method: 'get', path: '/api/workflows', auth: true, names: false },
  { method: 'post', path: '/api/workflows', auth: true, names: false },
  { method: 'get', path: '/api/workflows/{slug}', auth: true, names: true },
  { method: 'put', path: '/api/workflows/{slug}', auth: true, names: true },
  { method: 'delete', path: '/api/workflows/{slug}', auth: true, names: true },
  { method: 'get', path: '/api/workflows/{slug}/schema', auth: true, names: true },
  { method: 'get', path: '/api/workflows/{slug}/public-schema', auth: false, names: true },
  { method: 'put', path: '/api/api-keys/{id}/webhook', auth: true, names: true },
  { method: 'delete', path: '/api/api-keys/{id}/webhook', auth: true, names: true },
  { method: 'post', path: '/api/api-keys/{id}/webhook/test', auth: true, names: true },
  { method: 'post', path: '/api/workflows/{slug}/run', auth: true, names: true },
  { method: 'post', path: '/api/workflows/{slug}/estimate', auth: true, names: true },
  { method: 'get', path: '/api/models', auth: true, names: false, forbidden: false },
  { method: 'post', path: '/api/models/{id}/run', auth: true, names: true },
  { method: 'get', path: '/api/executions', auth: true, names: false },
  { method: 'get', path: '/api/executions/{id}', auth: true, names: true },
];

/** API.md §1 "Interactive docs": /docs (Swagger UI) and /docs-json (OpenAPI 3), every foundation endpoint documented. */
describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.api().get('/docs-json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.body;
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\./);
    // The validator is not a no-op: a document missing info and paths fails.
    expect(validateOpenApi({ openapi: '3.0.3' }).valid).toBe(false);
    const result = validateOpenApi(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('declares the x-api-key header scheme', () => {
    expect(doc.components.securitySchemes['x-api-key']).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
  });

  it.each(ROUTES)('documents $method $path', ({ method, path, auth, names, forbidden }) => {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    const statuses = Object.keys(operation.responses);
    if (auth) {
      expect(operation.security).toEqual([{ 'x-api-key': [] }]);
      expect(statuses).toEqual(expect.arrayContaining(['401', '429']));
      if (forbidden !== false) expect(statuses).toContain('403');
    } else {
      expect(operation.security ?? []).toEqual([]);
      expect(statuses).not.toContain('401');
    }
    if (names) expect(statuses).toEqual(expect.arrayContaining(['400', '404']));
    // A success response with a described body (or 204 for deletes).
    expect(statuses.some((status) => /^2\d\d$/.test(status))).toBe(true);
  });

  it('lists the error codes of each status in its description', () => {
    const create = doc.paths['/api/workflows'].post.responses as Record<string, { description: string }>;
    for (const code of ['INVALID_BODY', 'INVALID_SLUG', 'INVALID_WORKFLOW'])
      expect(create['400'].description).toContain(code);
    expect(create['403'].description).toContain('CAPABILITY_DENIED');
    expect(create['409'].description).toContain('SLUG_TAKEN');
    const replace = doc.paths['/api/workflows/{slug}'].put.responses as Record<
      string,
      { description: string }
    >;
    expect(replace['412'].description).toContain('VERSION_CONFLICT');
    expect(replace['404'].description).toContain('WORKFLOW_NOT_FOUND');
  });

  it('serves Swagger UI at /docs without a key', async () => {
    const res = await t.api().get('/docs').redirects(2).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
  });
});
