/**
 * Three projects:
 *  - unit: pure and single-class specs beside the code (src/**\/*.spec.ts);
 *  - e2e: suites through HTTP on the embedded default (SQLite, in-process queue), or on PostgreSQL + Redis
 *    when FLOWGATE_TEST_SERVICES=true (npm run test:services);
 *  - services: specs that need PostgreSQL/Redis themselves (*.services-spec.ts), run only by test:services;
 *  - cluster: API and worker processes on PostgreSQL + Redis, some killed (npm run test:cluster);
 *  - docs: the OpenAPI document through a generated client, Redocly lint and Swagger UI in headless Chromium
 *    (npm run test:docs).
 */
// Node loads ESM-only packages through require() (>= 20.19); Jest's module runtime cannot, so the few that
// the app pulls in (content-disposition, via @fastify/static 10) are compiled to CommonJS for the tests.
const ESM_ONLY = ['content-disposition'];
const transform = {
  '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  [`node_modules/(?:${ESM_ONLY.join('|')})/.+\\.js$`]: ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
};
const transformIgnorePatterns = [`/node_modules/(?!(?:${ESM_ONLY.join('|')})/)`];
const base = { rootDir: '.', transform, transformIgnorePatterns, testEnvironment: 'node' };
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'services', testMatch: ['<rootDir>/{src,test}/**/*.services-spec.ts'] },
    { ...base, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'] },
    { ...base, displayName: 'docs', testMatch: ['<rootDir>/test/docs/**/*.docs-spec.ts'] },
  ],
};
