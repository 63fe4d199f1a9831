import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { DocsServer, guideExample, outputDir, REPO_ROOT, startDocsServer } from './docs-server';

const bin = (name: string) => join(REPO_ROOT, 'node_modules/.bin', name);

function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

/**
 * Redocly's linter with its `recommended` rules: @redocly/openapi-core, the engine of `redocly lint` (the CLI
 * itself needs Node 20.19+, and calls home unless told not to). Answers `severity ruleId` per problem.
 */
async function redoclyLint(file: string): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lint({ ref: file, config });
  return problems.map((problem) => `${problem.severity} ${problem.ruleId}`);
}

/**
 * The OpenAPI document is worth generating from: a client generated from the served /docs-json by the standard
 * tools (openapi-typescript + openapi-fetch) compiles under `tsc --strict` without casts and drives a live server
 * through the guide's example; and Redocly's recommended rules find no error in the document.
 */
describe('OpenAPI document for client generators (docs)', () => {
  let server: DocsServer;
  let dir: string;

  beforeAll(async () => {
    server = await startDocsServer();
    dir = outputDir('typed-client');
    const res = await fetch(`${server.baseUrl}/docs-json`);
    expect(res.status).toBe(200);
    writeFileSync(join(dir, 'openapi.json'), await res.text());
  }, 180_000);
  afterAll(() => server?.stop());

  it('passes Redocly lint (recommended rules) with 0 errors', async () => {
    const problems = await redoclyLint(join(dir, 'openapi.json'));
    expect(problems.filter((problem) => problem.startsWith('error'))).toEqual([]);
    // The linter is not a no-op: an undeclared path parameter and a missing security are errors.
    const broken = {
      openapi: '3.0.0',
      info: { title: 't', version: '1', license: { name: 'x', url: 'https://example.org' } },
      servers: [{ url: '/' }],
      paths: {
        '/a/{id}': { get: { summary: 's', operationId: 'a', responses: { '200': { description: 'ok' } } } },
      },
    };
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    expect(await redoclyLint(join(dir, 'broken.json'))).toEqual(
      expect.arrayContaining(['error path-parameters-defined', 'error security-defined']),
    );
  });

  it('generates a client that compiles with tsc --strict and runs the guide example against the server', () => {
    const generate = run(bin('openapi-typescript'), [
      join(dir, 'openapi.json'),
      '-o',
      join(dir, 'schema.d.ts'),
    ]);
    expect(generate.status).toBe(0);
    // The guide's example, typed as the request body of createWorkflow: it must type-check as it stands.
    writeFileSync(
      join(dir, 'example.ts'),
      "import type { components } from './schema.js';\n\n" +
        "export const posterWorkflow: components['schemas']['WorkflowBodyDto'] = " +
        `${JSON.stringify(guideExample(), null, 2)};\n`,
    );
    copyFileSync(join(REPO_ROOT, 'test/docs/client/program.ts'), join(dir, 'program.ts'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    const compile = run(
      bin('tsc'),
      [
        '--strict',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        '--outDir',
        join(dir, 'out'),
        join(dir, 'program.ts'),
        join(dir, 'example.ts'),
      ],
      { cwd: dir },
    );
    expect(compile.output).toBe('');
    expect(compile.status).toBe(0);

    const program = run(process.execPath, [join(dir, 'out/program.js')], {
      cwd: dir,
      env: { FLOWGATE_URL: server.baseUrl, FLOWGATE_KEY: server.key },
    });
    expect(program.output).not.toMatch(/Error/);
    expect(program.status).toBe(0);
    const seen = JSON.parse(program.stdout.trim().split('\n').pop()!);
    expect(seen.slug).toBe('poster');
    expect(seen.versions).toEqual([1, 2]);
    expect(seen.description).toBe('Round-tripped by a generated client');
    expect(seen.sync.caption).toBe('a lighthouse at dusk, in a neon style');
    expect(seen.sync.poster.images[0]).toMatch(new RegExp(`^${server.baseUrl}/media/.+\\.png$`));
    expect(seen.sync.cost).toBe(4);
    expect(seen.async.status).toBe(202);
    expect(seen.async.location).toBe(seen.async.pollUrl);
    expect(seen.async.ended).toBe('completed');
    expect(seen.async.steps).toEqual(expect.arrayContaining(['poster:completed', 'thumbnail:completed']));
    expect(seen.async.thumbnail.images[0]).toMatch(/\.webp$/);
    expect(seen.error).toEqual({
      status: 400,
      code: 'INVALID_INPUTS',
      details: expect.arrayContaining(['inputs.prompt']),
    });
  });
});
