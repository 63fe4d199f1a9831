/**
 * A small client program built on the types openapi-typescript generates from /docs-json, compiled with
 * `tsc --strict` by typed-client.docs-spec.ts: if the document types something wrongly, this stops compiling
 * (there is not one cast in it). It prints one JSON line of what it saw, which the suite checks.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';
import { posterWorkflow } from './example.js';

type Execution = components['schemas']['ExecutionResponse'];

const client = createClient<paths>({
  baseUrl: process.env.FLOWGATE_URL ?? 'http://localhost:3000',
  headers: { 'x-api-key': process.env.FLOWGATE_KEY ?? '' },
});

function fail(step: string, status: number, error: unknown): never {
  throw new Error(`${step}: HTTP ${status} ${JSON.stringify(error)}`);
}

/** A run result with several outputs is an object keyed by output name. */
function outputOf(result: unknown, name: string): unknown {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  return Object.entries(result).find(([key]) => key === name)?.[1];
}

async function pollUntilEnded(executionId: string): Promise<Execution> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { data, error, response } = await client.GET('/api/executions/{id}', {
      params: { path: { id: executionId } },
    });
    if (!data) fail('getExecution', response.status, error);
    if (data.status === 'completed' || data.status === 'failed' || data.status === 'cancelled') return data;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`execution ${executionId} did not end`);
}

async function main(): Promise<void> {
  const created = await client.POST('/api/workflows', { body: posterWorkflow });
  if (!created.data) fail('createWorkflow', created.response.status, created.error);
  const slug = created.data.slug;

  // Round trip: the fetched document goes back as the body of PUT, changed, with its version in If-Match.
  const fetched = await client.GET('/api/workflows/{slug}', { params: { path: { slug } } });
  if (!fetched.data) fail('getWorkflow', fetched.response.status, fetched.error);
  const replaced = await client.PUT('/api/workflows/{slug}', {
    params: { path: { slug }, header: { 'If-Match': String(fetched.data.version) } },
    body: { ...fetched.data, description: 'Round-tripped by a generated client' },
  });
  if (!replaced.data) fail('replaceWorkflow', replaced.response.status, replaced.error);

  const inputs = { prompt: 'a lighthouse at dusk', style: 'neon', size: 128 };
  const sync = await client.POST('/api/workflows/{slug}/run', {
    params: { path: { slug } },
    body: { inputs },
  });
  if (!sync.data) fail('runWorkflow', sync.response.status, sync.error);
  if (!('success' in sync.data)) throw new Error('a sync run answered 202');
  const caption = outputOf(sync.data.result, 'caption');
  const poster = outputOf(sync.data.result, 'poster');

  const queued = await client.POST('/api/workflows/{slug}/run', {
    params: { path: { slug }, query: { async: 'true' } },
    body: { inputs },
  });
  if (!queued.data) fail('runWorkflow async', queued.response.status, queued.error);
  if (!('_async' in queued.data)) throw new Error('an async run answered 200');
  const ended = await pollUntilEnded(queued.data.executionId);

  const refused = await client.POST('/api/workflows/{slug}/run', {
    params: { path: { slug } },
    body: { inputs: { style: 'sepia' } },
  });
  if (!refused.error) throw new Error('a run without its required input was accepted');

  console.log(
    JSON.stringify({
      slug,
      versions: [created.data.version, replaced.data.version],
      description: replaced.data.description,
      sync: { cost: sync.data.cost, caption, poster, executionId: sync.data.executionId },
      async: {
        status: queued.response.status,
        location: queued.response.headers.get('location'),
        pollUrl: queued.data.pollUrl,
        ended: ended.status,
        steps: ended.steps.map((step) => `${step.nodeId}:${step.status}`),
        thumbnail: outputOf(ended.result, 'thumbnail'),
      },
      error: {
        status: refused.response.status,
        code: refused.error.code,
        details: (refused.error.details ?? []).map((detail) => detail.path),
      },
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
