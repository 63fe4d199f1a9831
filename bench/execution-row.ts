import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migration-runner';
import { TEMPLATE_WORKFLOW } from './bench-workflows';

/**
 * The row a run of the benches' template workflow leaves in Flowgate's `executions` table, for the ceiling tools
 * (bench:write-limit, bench:queue-limit): the same columns, sizes and content as the service writes (ids, the plan
 * with its graph, the steps with their timestamps), written by plain statements with no Flowgate code on the path.
 */

/** The plan of a template run, as the service stores it: the graph as created, the inputs, no quote. */
const PLAN = JSON.stringify({
  graph: { nodes: TEMPLATE_WORKFLOW.nodes, edges: TEMPLATE_WORKFLOW.edges },
  inputs: { name: 'bench' },
  quote: [],
});

/** The columns a run fills (the others stay NULL), with their PostgreSQL types, in row order. */
export const EXECUTION_COLUMNS: Array<[name: string, pgType: string]> = [
  ['id', 'varchar'],
  ['account_id', 'varchar'],
  ['api_key_id', 'varchar'],
  ['request_id', 'varchar'],
  ['mode', 'varchar'],
  ['workflow_id', 'varchar'],
  ['workflow_slug', 'varchar'],
  ['workflow_version', 'integer'],
  ['model_ids', 'text'],
  ['status', 'varchar'],
  ['plan', 'text'],
  ['result', 'text'],
  ['steps', 'text'],
  ['reserved', 'integer'],
  ['charged', 'integer'],
  ['refunded', 'integer'],
  ['ms', 'integer'],
  ['received_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['started_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['deadline_at', 'timestamptz'],
  ['lease_owner', 'varchar'],
  ['lease_expires_at', 'timestamptz'],
];

/** Fixed, so that every process of a bench writes rows of the account its migrations created. */
/**
 * PostgreSQL: the INSERT of a batch of rows as the service sends it (execution-records.ts): one jsonb parameter, one
 * array per row, unpacked column by column. Its one parameter is `JSON.stringify(rows)`.
 */
export function insertRowsSql(table: string): string {
  return `INSERT INTO ${table} (${EXECUTION_COLUMNS.map(([name]) => name).join(', ')})
    SELECT ${EXECUTION_COLUMNS.map(([, type], i) => `(r->>${i})::${type}`).join(', ')}
    FROM jsonb_array_elements($1::jsonb) AS r`;
}

const ACCOUNT_ID = '7d2c4a8e-1f3b-4c5d-9e6f-a1b2c3d4e5f6';
const KEY_ID = '2e8f1a6b-7c9d-4e0f-8a1b-c2d3e4f5a6b7';
const WORKFLOW_ID = '9a0b1c2d-3e4f-4a5b-8c6d-e7f8a9b0c1d2';

export const sqliteStamp = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');
export const pgStamp = (date: Date) => date.toISOString();

/** The steps of the three nodes, all completed at `stamp`. */
export function completedSteps(stamp: string): string {
  return JSON.stringify(
    ['input', 'greet', 'output'].map((nodeId, i) => ({
      nodeId,
      type: ['request-input', 'template', 'response-output'][i],
      status: 'completed',
      cost: 0,
      grant: false,
      startedAt: stamp,
      completedAt: stamp,
      durationMs: 0,
    })),
  );
}

/** The row of a run as accepted (`processing`, nothing run yet), in EXECUTION_COLUMNS order. */
export function acceptedRow(name: string, mode: 'sync' | 'async', at: (date: Date) => string): unknown[] {
  const now = new Date();
  return [
    randomUUID(),
    ACCOUNT_ID,
    KEY_ID,
    `req_${randomUUID().replace(/-/g, '')}`,
    mode,
    WORKFLOW_ID,
    'bench-template',
    1,
    '[]',
    'processing',
    PLAN.replace('"name":"bench"', JSON.stringify({ name }).slice(1, -1)),
    null,
    '[]',
    0,
    0,
    0,
    null,
    at(now),
    at(now),
    null,
    null,
    at(new Date(now.getTime() + 3_600_000)),
    null,
    null,
  ];
}

/** The row of a sync run written once, completed (as the service writes a sync run that finished in time). */
export function completedRow(name: string, at: (date: Date) => string): unknown[] {
  const row = acceptedRow(name, 'sync', at);
  const now = new Date();
  const set = (column: string, value: unknown) =>
    (row[EXECUTION_COLUMNS.findIndex(([name]) => name === column)] = value);
  set('status', 'completed');
  set('result', JSON.stringify(`Hello, ${name}!`));
  set('steps', completedSteps(now.toISOString()));
  set('ms', 1);
  set('started_at', at(now));
  set('completed_at', at(now));
  set('lease_owner', `bench:${process.pid}`);
  set('lease_expires_at', at(new Date(now.getTime() + 30_000)));
  return row;
}

/** Flowgate's schema from its own migrations, with the account the rows belong to. */
export async function migrateExecutions(
  target: { dataDir: string } | { databaseUrl: string; databaseSchema: string },
): Promise<void> {
  const postgres = 'databaseUrl' in target;
  const dataSource = new DataSource(dataSourceOptions({ dataDir: '', ...target }));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    await dataSource.query(
      `INSERT INTO accounts (id, email, role, tier, approved, balance, created_at)
       VALUES (${postgres ? '$1, $2, $3, $4, $5, $6, $7' : '?, ?, ?, ?, ?, ?, ?'})`,
      [
        ACCOUNT_ID,
        'bench@example.com',
        'user',
        'enterprise',
        postgres ? true : 1,
        0,
        new Date().toISOString(),
      ],
    );
  } finally {
    await dataSource.destroy();
  }
}
