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
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const base = { rootDir: '.', transform, testEnvironment: 'node' };
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
