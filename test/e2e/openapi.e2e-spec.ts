import { spawnSync } from 'node:child_process';
import { startTestApp, TestApp } from '../support/test-app';

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  enum?: unknown[];
  format?: string;
};
type Response = {
  description: string;
  headers?: Record<string, { $ref: string }>;
  content?: Record<string, { schema?: Schema; examples?: Record<string, { value: { code: string } }> }>;
};
type Parameter = { name: string; in: string; schema?: Schema; required?: boolean };
type Operation = {
  operationId: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  responses: Record<string, Response>;
};
type OpenApiDoc = {
  openapi: string;
  servers?: Array<{ url: string }>;
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, Schema>;
    headers?: Record<string, unknown>;
  };
};

const operationsOf = (doc: OpenApiDoc) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

/** Every schema below `schema`, through properties, items, additionalProperties and the combinators. */
function* walk(schema: Schema | undefined, at: string): Generator<[string, Schema]> {
  if (!schema) return;
  yield [at, schema];
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    yield* walk(property, `${at}.${name}`);
  yield* walk(schema.items, `${at}[]`);
  if (typeof schema.additionalProperties === 'object') yield* walk(schema.additionalProperties, `${at}{}`);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const [i, member] of (schema[key] ?? []).entries()) yield* walk(member, `${at}.${key}[${i}]`);
}

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
  { method: 'get', path: '/api/executions/{id}/webhook-deliveries', auth: true, names: true },
  { method: 'post', path: '/api/executions/{id}/cancel', auth: true, names: true },
  { method: 'get', path: '/media/{key}', auth: false, names: false },
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
      // Public routes say so: `security: []`, not an absent field a linter reads as "unspecified".
      expect(operation.security).toEqual([]);
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

  it('names operations as a client would call them, once each', () => {
    const ids = operationsOf(doc).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
    expect(doc.paths['/api/workflows/{slug}/run'].post.operationId).toBe('runWorkflow');
    expect(doc.paths['/api/executions/{id}'].get.operationId).toBe('getExecution');
    expect(doc.paths['/api/api-keys'].post.operationId).toBe('createApiKey');
    expect(doc.paths['/api/whoami'].get.operationId).toBe('getWhoami');
  });

  it('describes its tags in reading order, and tags every operation with one of them', () => {
    const tags = (doc.tags ?? []).map((tag) => tag.name);
    expect(tags).toEqual(['auth', 'workflows', 'runs', 'executions', 'models', 'api-keys', 'admin', 'media']);
    for (const tag of doc.tags ?? []) expect(tag.description?.length).toBeGreaterThan(20);
    for (const { operation } of operationsOf(doc)) {
      expect(operation.tags).toHaveLength(1);
      expect(tags).toContain(operation.tags![0]);
    }
  });

  it('has a server entry, and names the media route parameter so it can be tried', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.paths['/media/{path}']).toBeUndefined();
    const media = doc.paths['/media/{key}'].get;
    expect(media.parameters).toEqual([expect.objectContaining({ name: 'key', in: 'path', required: true })]);
  });

  it('types every parameter', () => {
    for (const { path, method, operation } of operationsOf(doc))
      for (const parameter of operation.parameters ?? [])
        expect([`${method} ${path} ${parameter.name}`, parameter.schema?.type]).toEqual([
          `${method} ${path} ${parameter.name}`,
          expect.stringMatching(/^(string|integer|number|boolean)$/),
        ]);
    // One If-Match, the documented one (not also the lowercase twin @Headers() would add).
    const put = doc.paths['/api/workflows/{slug}'].put;
    expect(put.parameters!.filter((p) => p.name.toLowerCase() === 'if-match')).toHaveLength(1);
  });

  it('types arbitrary JSON as JSON values, never as an empty object', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas))
      for (const [at, node] of walk(schema, name)) {
        const emptyObject =
          node.type === 'object' &&
          !node.properties &&
          !node.allOf &&
          node.additionalProperties === undefined;
        expect([at, emptyObject]).toEqual([at, false]);
      }
    const { schemas } = doc.components;
    const anyOfTypes = (schema: Schema) => (schema.anyOf ?? []).map((member) => member.type);
    expect(anyOfTypes(schemas.SyncRunResponse.properties!.result)).toEqual(
      expect.arrayContaining(['string', 'number', 'boolean', 'object', 'array']),
    );
    expect(schemas.WorkflowNodeDto.properties!.data).toEqual(
      expect.objectContaining({ type: 'object', additionalProperties: true }),
    );
    expect(schemas.WorkflowBodyDto.properties!.nodes.items!.$ref).toBe(
      '#/components/schemas/WorkflowNodeDto',
    );
    expect(schemas.WorkflowSchemaResponse.properties!.fields.items!.$ref).toBe(
      '#/components/schemas/InputFieldDto',
    );
  });

  it('types numbers and timestamps, on reads and on writes, so a fetched workflow can be sent back', () => {
    const { schemas } = doc.components;
    for (const name of ['WorkflowDocumentResponse', 'WorkflowBodyDto']) {
      const properties = schemas[name].properties!;
      expect(properties.version.type).toBe('integer');
      expect(properties.createdAt).toEqual(expect.objectContaining({ type: 'string', format: 'date-time' }));
      expect(properties.updatedAt).toEqual(expect.objectContaining({ type: 'string', format: 'date-time' }));
      expect(properties.createdBy.type).toBe('string');
    }
    // Every field of a fetched document is a field the body accepts.
    const body = Object.keys(schemas.WorkflowBodyDto.properties!);
    for (const field of Object.keys(schemas.WorkflowDocumentResponse.properties!))
      expect(body).toContain(field);
  });

  it('documents the error body with details and context fields', () => {
    const properties = doc.components.schemas.ErrorBody.properties!;
    expect(properties.details.items!.$ref).toBe('#/components/schemas/ValidationDetail');
    for (const field of ['required', 'acceptable', 'attempted', 'balance', 'model', 'requiredTier', 'tier'])
      expect(properties[field]).toBeDefined();
    for (const field of ['limit', 'retryAfter', 'executionId', 'nodeId', 'status', 'currentVersion'])
      expect(properties[field]).toBeDefined();
  });

  it('gives one example per documented code, each under its own status', () => {
    for (const { path, method, operation } of operationsOf(doc)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]/.test(status)) continue;
        const content = response.content?.['application/json'];
        expect(content?.schema?.$ref).toBe('#/components/schemas/ErrorBody');
        const documented = [...response.description.matchAll(/`([A-Za-z_]+)`:/g)].map((m) => m[1]);
        const examples = Object.entries(content?.examples ?? {});
        expect([`${method} ${path} ${status}`, examples.map(([name]) => name).sort()]).toEqual([
          `${method} ${path} ${status}`,
          [...new Set(documented)].sort(),
        ]);
        for (const [name, example] of examples) expect(example.value.code).toBe(name);
      }
    }
    const run = doc.paths['/api/workflows/{slug}/run'].post.responses;
    const codes = (status: string) => Object.keys(run[status].content!['application/json'].examples!);
    expect(codes('401')).toEqual(['UNAUTHORIZED']);
    expect(codes('402').sort()).toEqual(['INSUFFICIENT_CREDITS', 'grant_exhausted']);
    expect(codes('429')).toEqual(['RATE_LIMIT_EXCEEDED']);
    const insufficient = run['402'].content!['application/json'].examples!.INSUFFICIENT_CREDITS.value;
    expect(insufficient).toEqual(
      expect.objectContaining({ required: expect.any(Number), balance: expect.any(Number) }),
    );
  });

  it('documents the response headers', () => {
    const headers = (path: string, method: string, status: string) =>
      Object.keys(doc.paths[path][method].responses[status].headers ?? {});
    for (const { operation } of operationsOf(doc))
      for (const response of Object.values(operation.responses))
        expect(Object.keys(response.headers ?? {})).toContain('X-Request-Id');
    const run = '/api/workflows/{slug}/run';
    expect(headers(run, 'post', '202')).toEqual(expect.arrayContaining(['Location', 'Idempotent-Replayed']));
    expect(headers(run, 'post', '200')).toEqual(
      expect.arrayContaining([
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Idempotent-Replayed',
      ]),
    );
    expect(headers(run, 'post', '429')).toEqual(
      expect.arrayContaining(['Retry-After', 'X-RateLimit-Remaining']),
    );
    expect(headers('/api/workflows/{slug}/public-schema', 'get', '200')).toEqual(['X-Request-Id']);
    expect(Object.keys(doc.components.headers ?? {})).toEqual(
      expect.arrayContaining(['X-Request-Id', 'Retry-After', 'Location', 'Idempotent-Replayed']),
    );
  });
});
