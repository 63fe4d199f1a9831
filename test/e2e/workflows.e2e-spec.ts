import Ajv2020 from 'ajv/dist/2020';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_MODELS } from '../../src/modules/models/builtin-models';
import { Session, startTestApp, TestApp } from '../support/test-app';
import {
  edge,
  formWorkflow,
  modelWorkflow,
  templateWorkflow,
  WorkflowDoc,
} from '../support/workflow-fixtures';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** API.md §5 through HTTP: workflow documents, slugs, versions, isolation, schemas and graph validation. */
describe('workflows (e2e)', () => {
  let t: TestApp;
  let s: Session;
  let counter = 0;
  /** A slug no other test uses (slugs are unique across the server). */
  const freshSlug = (prefix = 'wf') => `${prefix}-${++counter}`;

  beforeAll(async () => {
    // The production default (https-only media URLs), which the input schema assertions describe.
    t = await startTestApp({ ALLOW_HTTP_TARGETS: 'false' });
    s = await t.createSession({
      tier: 'pro',
      capabilities: ['workflow:read', 'workflow:write', 'key:manage'],
    });
  });
  afterAll(() => t.close());

  async function create(doc: WorkflowDoc, session: Session = s) {
    return session.http.post('/api/workflows').send(doc).expect(201);
  }

  describe('CRUD', () => {
    it('creates, reads, lists and round-trips a document', async () => {
      const slug = freshSlug('round-trip');
      const doc = templateWorkflow({ slug, viewport: { x: 10, y: 20, zoom: 1.5 } });
      const created = await create(doc);
      expect(created.body).toEqual({
        ...doc,
        version: 1,
        createdBy: s.keyId,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });

      const read = await s.http.get(`/api/workflows/${slug}`).expect(200);
      expect(read.body).toEqual(created.body);

      const list = await s.http.get('/api/workflows').expect(200);
      expect(list.body.find((w: { slug: string }) => w.slug === slug)).toEqual({
        slug,
        name: doc.name,
        description: doc.description,
        tags: doc.tags,
        publicPlayground: false,
        estimatedCreditCost: 0,
        updatedAt: read.body.updatedAt,
      });

      // The document as read goes back into POST (under a new slug) and into PUT unchanged.
      const copySlug = freshSlug('round-trip-copy');
      const copy = await s.http
        .post('/api/workflows')
        .send({ ...read.body, slug: copySlug })
        .expect(201);
      expect(copy.body).toMatchObject({ ...doc, slug: copySlug, version: 1 });
      const replaced = await s.http.put(`/api/workflows/${slug}`).send(read.body).expect(200);
      expect(replaced.body).toEqual({ ...read.body, version: 2, updatedAt: expect.stringMatching(ISO) });
    });

    it('makes slugs from names: lowercase, hyphens, -2 on collision, untitled-workflow', async () => {
      const first = await create(templateWorkflow({ name: 'Café  Déjà-Vu!! Pipeline' }));
      expect(first.body.slug).toBe('cafe-deja-vu-pipeline');
      const second = await create(templateWorkflow({ name: 'cafe deja vu pipeline' }));
      expect(second.body.slug).toBe('cafe-deja-vu-pipeline-2');
      const third = await create(templateWorkflow({ name: 'CAFE_DEJA_VU_PIPELINE' }));
      expect(third.body.slug).toBe('cafe-deja-vu-pipeline-3');

      const untitled = await create(templateWorkflow({ name: '!!! ???' }));
      expect(untitled.body.slug).toBe('untitled-workflow');
      expect((await create(templateWorkflow({ name: '***' }))).body.slug).toBe('untitled-workflow-2');

      const long = await create(templateWorkflow({ name: 'a'.repeat(70) }));
      expect(long.body.slug).toBe('a'.repeat(64));
    });

    it('answers 409 SLUG_TAKEN for a taken explicit slug, whoever holds it', async () => {
      const slug = freshSlug('taken');
      await create(templateWorkflow({ slug }));
      const again = await s.http.post('/api/workflows').send(templateWorkflow({ slug })).expect(409);
      expect(again.body).toMatchObject({ code: 'SLUG_TAKEN' });

      const other = await t.createSession({ capabilities: ['workflow:write'] });
      const res = await other.http.post('/api/workflows').send(templateWorkflow({ slug })).expect(409);
      expect(res.body.code).toBe('SLUG_TAKEN');
    });

    it('answers 400 INVALID_SLUG for a malformed body slug', async () => {
      for (const slug of [
        'Bad_Slug',
        'double--hyphen',
        '-leading',
        'trailing-',
        '',
        'a'.repeat(65),
        'spa ce',
      ]) {
        const res = await s.http.post('/api/workflows').send(templateWorkflow({ slug })).expect(400);
        expect(res.body).toMatchObject({ code: 'INVALID_SLUG' });
      }
    });

    it('answers 400 INVALID_SLUG for a malformed path slug on every route', async () => {
      const bad = 'Bad_Slug';
      const calls = [
        s.http.get(`/api/workflows/${bad}`),
        s.http.put(`/api/workflows/${bad}`).send(templateWorkflow()),
        s.http.delete(`/api/workflows/${bad}`),
        s.http.get(`/api/workflows/${bad}/schema`),
        t.api().get(`/api/workflows/${bad}/public-schema`),
        s.http.get(`/api/workflows/${'a'.repeat(65)}`),
      ];
      for (const call of calls) {
        const res = await call.expect(400);
        expect(res.body).toMatchObject({ code: 'INVALID_SLUG' });
      }
    });

    it('versions from 1, honours If-Match in both forms and answers a stale one 412', async () => {
      const slug = freshSlug('versioned');
      const doc = templateWorkflow({ slug });
      expect((await create(doc)).body.version).toBe(1);
      expect(
        (
          await s.http
            .put(`/api/workflows/${slug}`)
            .send({ ...doc, name: 'v2' })
            .expect(200)
        ).body.version,
      ).toBe(2);
      expect(
        (
          await s.http
            .put(`/api/workflows/${slug}`)
            .send({ ...doc, name: 'v3' })
            .expect(200)
        ).body.version,
      ).toBe(3);

      const bare = await s.http
        .put(`/api/workflows/${slug}`)
        .set('If-Match', '3')
        .send({ ...doc, name: 'v4' })
        .expect(200);
      expect(bare.body).toMatchObject({ version: 4, name: 'v4' });
      const quoted = await s.http
        .put(`/api/workflows/${slug}`)
        .set('If-Match', '"4"')
        .send({ ...doc, name: 'v5' })
        .expect(200);
      expect(quoted.body).toMatchObject({ version: 5, name: 'v5' });

      for (const stale of ['4', '"3"', '6', 'garbage', '99999999999999999999']) {
        const res = await s.http
          .put(`/api/workflows/${slug}`)
          .set('If-Match', stale)
          .send({ ...doc, name: 'lost' })
          .expect(412);
        expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT' });
      }
      const now = await s.http.get(`/api/workflows/${slug}`).expect(200);
      expect(now.body).toMatchObject({ version: 5, name: 'v5' });
    });

    it('refuses a body slug that differs on PUT (INVALID_WORKFLOW)', async () => {
      const slug = freshSlug('fixed');
      await create(templateWorkflow({ slug }));
      const res = await s.http
        .put(`/api/workflows/${slug}`)
        .send(templateWorkflow({ slug: 'something-else' }))
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'INVALID_WORKFLOW',
        details: [{ path: 'slug', message: expect.any(String) }],
      });
      // The same slug, or none, is fine.
      await s.http.put(`/api/workflows/${slug}`).send(templateWorkflow({ slug })).expect(200);
      await s.http.put(`/api/workflows/${slug}`).send(templateWorkflow()).expect(200);
    });

    it('deletes: 404 afterwards, and the slug is never reused', async () => {
      const slug = freshSlug('doomed');
      await create(templateWorkflow({ slug, name: slug, publicPlayground: true }));
      await s.http.delete(`/api/workflows/${slug}`).expect(204);

      for (const call of [
        s.http.get(`/api/workflows/${slug}`),
        s.http.get(`/api/workflows/${slug}/schema`),
        t.api().get(`/api/workflows/${slug}/public-schema`),
        s.http.put(`/api/workflows/${slug}`).send(templateWorkflow()),
        s.http.delete(`/api/workflows/${slug}`),
      ]) {
        const res = await call.expect(404);
        expect(res.body).toMatchObject({ code: 'WORKFLOW_NOT_FOUND' });
      }
      const list = await s.http.get('/api/workflows').expect(200);
      expect(list.body.map((w: { slug: string }) => w.slug)).not.toContain(slug);

      const reuse = await s.http.post('/api/workflows').send(templateWorkflow({ slug })).expect(409);
      expect(reuse.body.code).toBe('SLUG_TAKEN');
      // A slug made from the same name skips it too.
      expect((await create(templateWorkflow({ name: slug }))).body.slug).toBe(`${slug}-2`);
    });

    it("never shows one account another's workflows", async () => {
      const slug = freshSlug('private');
      await create(templateWorkflow({ slug }));
      const b = await t.createSession({ capabilities: ['workflow:read', 'workflow:write'] });

      for (const call of [
        b.http.get(`/api/workflows/${slug}`),
        b.http.get(`/api/workflows/${slug}/schema`),
        b.http.put(`/api/workflows/${slug}`).send(templateWorkflow()),
        b.http.delete(`/api/workflows/${slug}`),
      ]) {
        const res = await call.expect(404);
        expect(res.body).toEqual({
          error: `No workflow with slug "${slug}".`,
          code: 'WORKFLOW_NOT_FOUND',
          requestId: expect.any(String),
        });
      }
      // Indistinguishable from a slug nobody has.
      const missing = await b.http.get('/api/workflows/nobody-has-this').expect(404);
      expect(missing.body.error).toBe('No workflow with slug "nobody-has-this".');

      const mine = await create(templateWorkflow({ slug: freshSlug('bs-own') }), b);
      const list = await b.http.get('/api/workflows').expect(200);
      expect(list.body.map((w: { slug: string }) => w.slug)).toEqual([mine.body.slug]);
      // A's workflow is untouched.
      expect((await s.http.get(`/api/workflows/${slug}`).expect(200)).body.version).toBe(1);
    });

    it('lets a workflow:<slug>:run-only key reach nothing else', async () => {
      const slug = freshSlug('runnable');
      await create(templateWorkflow({ slug }));
      // Minted by the admin: the session's own key lacks workflow:run, so it could not pass this one on.
      const key = await t
        .api(t.adminKey)
        .post(`/api/admin/accounts/${s.accountId}/api-keys`)
        .send({ name: 'runner', capabilities: [`workflow:${slug}:run`] })
        .expect(201);
      const runner = t.api(key.body.key);

      const denied: Array<[Promise<{ status: number; body: Record<string, unknown> }>, string]> = [
        [runner.get('/api/workflows'), 'workflow:read'],
        [runner.get(`/api/workflows/${slug}`), 'workflow:read'],
        [runner.get(`/api/workflows/${slug}/schema`), 'workflow:read'],
        [runner.post('/api/workflows').send(templateWorkflow()), 'workflow:write'],
        [runner.put(`/api/workflows/${slug}`).send(templateWorkflow()), 'workflow:write'],
        [runner.delete(`/api/workflows/${slug}`), 'workflow:write'],
        [runner.get('/api/api-keys'), 'key:manage'],
        [
          runner.post('/api/api-keys').send({ name: 'x', capabilities: [`workflow:${slug}:run`] }),
          'key:manage',
        ],
        [runner.delete(`/api/api-keys/${s.keyId}`), 'key:manage'],
        [runner.get(`/api/admin/accounts/${s.accountId}`), '*'],
      ];
      for (const [call, required] of denied) {
        const res = await call;
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'CAPABILITY_DENIED', required, acceptable: [required] });
      }
      await runner.get('/api/whoami').expect(200);
      await s.http.get(`/api/workflows/${slug}`).expect(200);
    });
  });

  describe('schemas', () => {
    it('describes inputs with a JSON Schema 2020-12 that accepts good inputs and refuses bad ones', async () => {
      const slug = freshSlug('form');
      const doc = formWorkflow({ slug });
      await create(doc);
      const res = await s.http.get(`/api/workflows/${slug}/schema`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual([
        'description',
        'estimatedCreditCost',
        'fields',
        'inputSchema',
        'name',
        'supportsAsync',
        'values',
      ]);
      expect(res.body).toMatchObject({
        name: 'Form',
        description: 'Many field types',
        fields: doc.nodes[0].data.fields,
        values: { count: 2, style: 'plain', loud: false },
        estimatedCreditCost: 0,
        supportsAsync: true,
      });
      const schema = res.body.inputSchema;
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        required: ['prompt'],
        additionalProperties: false,
      });
      expect(Object.keys(schema.properties).sort()).toEqual(['count', 'loud', 'picture', 'prompt', 'style']);

      const ajv = new Ajv2020({ strict: false });
      ajv.addFormat('uri', true);
      const validate = ajv.compile(schema);
      const example = {
        prompt: 'a lighthouse',
        count: 3,
        style: 'bold',
        loud: true,
        picture: 'https://example.com/a.png',
      };
      expect(validate(example)).toBe(true);
      expect(validate({ ...res.body.values, prompt: 'defaults are valid' })).toBe(true);
      expect(validate({ prompt: 'data url', picture: 'data:image/png;base64,iVBORw0KGgo=' })).toBe(true);
      for (const bad of [
        {},
        { prompt: 'x'.repeat(101) },
        { prompt: 'p', count: 11 },
        { prompt: 'p', style: 'italic' },
        { prompt: 'p', loud: 'yes' },
        { prompt: 'p', picture: 'http://example.com/a.png' },
        { prompt: 'p', extra: 1 },
      ]) {
        expect(validate(bad)).toBe(false);
      }
    });

    it('prices model nodes and reports whether a run can be async', async () => {
      const slug = freshSlug('priced');
      await create({ ...modelWorkflow(), slug });
      const res = await s.http.get(`/api/workflows/${slug}/schema`).expect(200);
      expect(res.body).toMatchObject({ estimatedCreditCost: 1, supportsAsync: false, values: {} });
      const list = await s.http.get('/api/workflows').expect(200);
      expect(list.body.find((w: { slug: string }) => w.slug === slug).estimatedCreditCost).toBe(1);
    });

    it('serves /public-schema without a key only for publicPlayground workflows', async () => {
      const open = freshSlug('open');
      const closed = freshSlug('closed');
      await create(formWorkflow({ slug: open, publicPlayground: true }));
      await create(formWorkflow({ slug: closed, publicPlayground: false }));

      const res = await t.api().get(`/api/workflows/${open}/public-schema`).expect(200);
      const full = await s.http.get(`/api/workflows/${open}/schema`).expect(200);
      const { estimatedCreditCost, ...withoutCost } = full.body;
      expect(estimatedCreditCost).toBe(0);
      expect(res.body).toEqual(withoutCost);
      expect(res.body).not.toHaveProperty('estimatedCreditCost');

      for (const slug of [closed, 'no-such-workflow']) {
        const missing = await t.api().get(`/api/workflows/${slug}/public-schema`).expect(404);
        expect(missing.body).toEqual({
          error: `No workflow with slug "${slug}".`,
          code: 'WORKFLOW_NOT_FOUND',
          requestId: expect.any(String),
        });
      }
      // A bad key is ignored on a public route rather than refused.
      await t.api('fg_live_nope').get(`/api/workflows/${open}/public-schema`).expect(200);
    });
  });

  describe('400 INVALID_WORKFLOW: one rule at a time, each detail naming its path', () => {
    async function expectInvalid(
      doc: WorkflowDoc,
      expected: Array<{ path: string; message: RegExp }>,
      session: Session = s,
    ) {
      const res = await session.http.post('/api/workflows').send(doc).expect(400);
      expect(res.body).toMatchObject({
        code: 'INVALID_WORKFLOW',
        error: expect.any(String),
        requestId: expect.any(String),
      });
      expect(res.body.details).toEqual(
        expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
      );
    }

    it('sanity: the fixtures are valid', async () => {
      await create(templateWorkflow());
      await create(modelWorkflow({ latencyMs: 0 }));
      await create(formWorkflow());
    });

    it('duplicate node ids', async () => {
      const doc = templateWorkflow();
      doc.nodes.push({ id: 'greet', type: 'template', data: { template: 'again' } });
      await expectInvalid(doc, [{ path: 'nodes[3].id', message: /duplicate node id "greet"/ }]);
    });

    it('unknown node type', async () => {
      const doc = templateWorkflow();
      doc.nodes.push({ id: 'magic', type: 'teleport', data: {} });
      await expectInvalid(doc, [{ path: 'nodes[3].type', message: /teleport|must be one of/ }]);
    });

    it('two request-input nodes', async () => {
      const doc = templateWorkflow();
      doc.nodes.push({ id: 'input2', type: 'request-input', data: { fields: [] } });
      await expectInvalid(doc, [{ path: 'nodes[3].type', message: /only one request-input/ }]);
    });

    it('no response-output node', async () => {
      const doc = templateWorkflow();
      doc.nodes = doc.nodes.slice(0, 2);
      doc.edges = doc.edges.slice(0, 1);
      await expectInvalid(doc, [{ path: 'nodes', message: /at least one response-output/ }]);
    });

    it('an edge to a missing node', async () => {
      const doc = templateWorkflow();
      doc.edges.push(edge('e3', 'greet.text', 'ghost.value'));
      await expectInvalid(doc, [{ path: 'edges[2].target', message: /unknown node "ghost"/ }]);
    });

    it('an edge to a missing handle', async () => {
      const doc = templateWorkflow();
      doc.nodes.push({ id: 'output2', type: 'response-output', data: { type: 'text', name: 'second' } });
      doc.nodes[2].data.name = 'first';
      doc.edges.push(edge('e3', 'greet.nope', 'output2.value'));
      await expectInvalid(doc, [{ path: 'edges[2].sourceHandle', message: /no output handle "nope"/ }]);
    });

    it('a cycle', async () => {
      const doc = templateWorkflow();
      doc.nodes.push(
        { id: 'ping', type: 'template', data: { template: '{{a}}' } },
        { id: 'pong', type: 'template', data: { template: '{{b}}' } },
      );
      doc.edges.push(edge('e3', 'ping.text', 'pong.b'), edge('e4', 'pong.text', 'ping.a'));
      await expectInvalid(doc, [{ path: 'nodes[3]', message: /cycle/ }]);
    });

    it('an unconnected required input', async () => {
      const doc = modelWorkflow();
      doc.edges = doc.edges.slice(1); // drop input.prompt → llm.prompt
      await expectInvalid(doc, [{ path: 'nodes[1]', message: /required input "prompt" is not connected/ }]);
    });

    it('an unknown model', async () => {
      await expectInvalid(modelWorkflow({}, 'no-such-model'), [
        { path: 'nodes[1].data.model', message: /unknown model "no-such-model"/ },
      ]);
    });

    it('a bad field name', async () => {
      const doc = templateWorkflow();
      (doc.nodes[0].data.fields as unknown[]).push({ name: '1st-field', type: 'text' });
      await expectInvalid(doc, [
        { path: 'nodes[0].data.fields[1].name', message: /must be a string matching/ },
      ]);
    });

    it('duplicate field names', async () => {
      const doc = templateWorkflow();
      (doc.nodes[0].data.fields as unknown[]).push({ name: 'prompt', type: 'number' });
      await expectInvalid(doc, [
        { path: 'nodes[0].data.fields[1].name', message: /duplicate field name "prompt"/ },
      ]);
    });

    it('a placeholder without an edge', async () => {
      const doc = templateWorkflow();
      doc.nodes[1].data.template = 'Say {{prompt}} to {{someone}}';
      await expectInvalid(doc, [
        { path: 'nodes[1].data.template', message: /placeholder "someone" has no connected edge/ },
      ]);
    });

    it('an unknown data.params key', async () => {
      await expectInvalid(modelWorkflow({ temperature: 0.5 }), [
        { path: 'nodes[1].data.params.temperature', message: /./ },
      ]);
    });

    it('an out-of-range param', async () => {
      await expectInvalid(modelWorkflow({ latencyMs: 600_001 }), [
        { path: 'nodes[1].data.params.latencyMs', message: /must be between 0 and 600000, got 600001/ },
      ]);
    });

    it('more than 200 nodes', async () => {
      const doc = templateWorkflow();
      for (let i = 0; doc.nodes.length <= 200; i++)
        doc.nodes.push({ id: `extra-${i}`, type: 'template', data: { template: 'x' } });
      expect(doc.nodes).toHaveLength(201);
      await expectInvalid(doc, [{ path: 'nodes', message: /at most 200 nodes/ }]);

      // 200 is allowed.
      doc.nodes.pop();
      await create(doc);
    });
  });

  describe('400 INVALID_BODY', () => {
    it('for a body that is not JSON', async () => {
      const res = await s.http
        .post('/api/workflows')
        .set('content-type', 'application/json')
        .send('{"name": "x",')
        .expect(400);
      expect(res.body).toEqual({
        error: expect.any(String),
        code: 'INVALID_BODY',
        requestId: expect.any(String),
      });
    });

    it('for a wrong-typed or missing field, named in details', async () => {
      const res = await s.http
        .post('/api/workflows')
        .send({ ...templateWorkflow(), name: 5 })
        .expect(400);
      expect(res.body.code).toBe('INVALID_BODY');
      expect(res.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['name']));
      expect(res.body.details.every((d: { path: string }) => d.path === 'name')).toBe(true);

      const noNodes = await s.http.post('/api/workflows').send({ name: 'x', edges: [] }).expect(400);
      expect(noNodes.body.code).toBe('INVALID_BODY');
      expect(noNodes.body.details.map((d: { path: string }) => d.path)).toContain('nodes');

      const unknownField = await s.http
        .post('/api/workflows')
        .send({ ...templateWorkflow(), colour: 'red' })
        .expect(400);
      expect(unknownField.body.details.map((d: { path: string }) => d.path)).toEqual(['colour']);

      const array = await s.http.post('/api/workflows').send([templateWorkflow()]).expect(400);
      expect(array.body.code).toBe('INVALID_BODY');
    });
  });
});

/**
 * Its own app with a MODELS_FILE. A separate top-level describe so it starts after the main suite's app closed:
 * passport keeps one strategy per name per process, so two live apps in one process would share one key lookup.
 */
describe('workflows (e2e): a disabled model (MODELS_FILE)', () => {
  let t2: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowgate-models-'));
    const file = join(dir, 'models.json');
    const sandboxText = BUILTIN_MODELS.find((model) => model.id === 'sandbox-text')!;
    writeFileSync(file, JSON.stringify([{ ...sandboxText, enabled: false }]));
    t2 = await startTestApp({ MODELS_FILE: file });
  });
  afterAll(() => t2.close());

  it('is refused like an unknown one (INVALID_WORKFLOW at nodes[1].data.model)', async () => {
    const session = await t2.createSession({ capabilities: ['workflow:write'] });
    const res = await session.http.post('/api/workflows').send(modelWorkflow()).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_WORKFLOW' });
    expect(res.body.details).toEqual([
      { path: 'nodes[1].data.model', message: expect.stringMatching(/sandbox-text/) },
    ]);
    // Other models of the registry still pass.
    await session.http.post('/api/workflows').send(modelWorkflow({}, 'sandbox-image')).expect(201);
  });
});
