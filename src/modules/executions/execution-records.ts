import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanionRow, SqlClient } from '../../database/sql-client';
import { ExecutionEvents } from '../telemetry/execution-events';
import { TickBatch } from '../../database/tick-batch';
import { Transactor } from '../../database/transactor';
import { EXECUTION_STATUSES, ExecutionEntity, ExecutionStatus } from './entities/execution.entity';
import { planJson } from './run-plan';

/** The columns of an execution row with their PostgreSQL types (for statements that insert from a SELECT). */
const COLUMN_TYPES = {
  id: 'varchar',
  account_id: 'varchar',
  api_key_id: 'varchar',
  request_id: 'varchar',
  mode: 'varchar',
  workflow_id: 'varchar',
  workflow_slug: 'varchar',
  workflow_version: 'integer',
  model_ids: 'text',
  status: 'varchar',
  plan: 'text',
  result: 'text',
  error: 'text',
  steps: 'text',
  reserved: 'integer',
  charged: 'integer',
  refunded: 'integer',
  ms: 'integer',
  idempotency_key: 'varchar',
  received_at: 'timestamptz',
  created_at: 'timestamptz',
  started_at: 'timestamptz',
  completed_at: 'timestamptz',
  deadline_at: 'timestamptz',
  webhook_url: 'varchar',
  lease_owner: 'varchar',
  lease_expires_at: 'timestamptz',
  next_run_at: 'timestamptz',
  progress: 'text',
} as const;

const COLUMNS = Object.keys(COLUMN_TYPES) as Array<keyof typeof COLUMN_TYPES>;

/** snake_case column → the entity's camelCase field. */
const ENTITY_FIELDS = Object.fromEntries(
  COLUMNS.map((name) => [name, name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())]),
) as Record<keyof typeof COLUMN_TYPES, keyof ExecutionEntity>;

/** The statuses of an execution still open (API.md §8). */
const OPEN_STATUSES: readonly ExecutionStatus[] = ['processing', 'cancel_requested'];
const sqlList = (values: readonly string[]) => `(${values.map((value) => `'${value}'`).join(', ')})`;

/** The open statuses as an SQL list, for statements that look for open executions (sweeps, lease renewal). */
export const OPEN_STATUSES_SQL = sqlList(OPEN_STATUSES);

/**
 * "Still open" for statements that name their executions by id: `status NOT IN (the ended statuses)`, the same set
 * said so that PostgreSQL cannot use the partial indexes of open executions for them (it cannot prove the index
 * predicate from it) and goes by primary key. Those indexes serve the sweeps; an id-driven statement that scanned
 * one instead (the planner's pick while its statistics say few runs are open) would read the whole backlog of open
 * runs each time: the busier the queue, the slower each close.
 */
export const NOT_ENDED_SQL = `NOT IN ${sqlList(EXECUTION_STATUSES.filter((status) => !OPEN_STATUSES.includes(status)))}`;

const INSERT_SQL = `INSERT INTO executions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

/**
 * PostgreSQL: a batch of rows as one JSON parameter, one array per row, unpacked column by column (`r->>i`, cast to
 * the column's type), in one statement whose text never changes, so each connection prepares it once, however many
 * rows a batch has. JSON rather than one array parameter per column (unnest): JSON.stringify is native, where
 * node-postgres builds array literals element by element in JavaScript (with its own date formatting), which
 * profiles showed as the PostgreSQL run path's largest own cost. jsonb rather than json: the parameter is parsed
 * once, where each `->>` on a json value parses its row again. Measured for 20 execution rows per statement: per
 * row, unnest 124 µs, json 175 µs, jsonb 74 µs (and half the client CPU of unnest).
 */
const fromJsonRows = (columns: ReadonlyArray<readonly [name: string, type: string]>) =>
  `SELECT ${columns.map(([name, type], i) => `(r->>${i})::${type} AS ${name}`).join(', ')}
    FROM jsonb_array_elements(?::jsonb) AS r`;

const INSERT_ROWS_SQL = `INSERT INTO executions (${COLUMNS.join(', ')})
  ${fromJsonRows(COLUMNS.map((name) => [name, COLUMN_TYPES[name]] as const))}`;

/** Rows as the one JSON parameter fromJsonRows unpacks (timestamps as ISO 8601, through Date's toJSON). */
const asJsonRows = (rows: unknown[][]) => [JSON.stringify(rows)];

/** The columns that close an execution, in the order its values are given, with their PostgreSQL types. */
const FINISH_COLUMNS = [
  ['status', 'varchar'],
  ['result', 'text'],
  ['error', 'text'],
  ['steps', 'text'],
  ['charged', 'integer'],
  ['refunded', 'integer'],
  ['completed_at', 'timestamptz'],
  ['ms', 'integer'],
] as const;

/** Lease and scheduling columns a closed execution no longer has. */
const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL, next_run_at = NULL, progress = NULL';

const FINISH_SQL = `UPDATE executions
  SET ${FINISH_COLUMNS.map(([name]) => `${name} = ?`).join(', ')}, ${CLEAR_LEASE}
  WHERE id = ? AND status ${NOT_ENDED_SQL}`;

/** PostgreSQL: a batch of finishes in one prepared statement (see INSERT_ROWS_SQL); it returns the ids it closed. */
const FINISH_ROWS_SQL = `UPDATE executions AS e
    SET ${FINISH_COLUMNS.map(([name]) => `${name} = v.${name}`).join(', ')}, ${CLEAR_LEASE}
    FROM (${fromJsonRows([['id', 'varchar'], ...FINISH_COLUMNS])}) AS v
    WHERE e.id = v.id AND e.status ${NOT_ENDED_SQL}
    RETURNING e.id`;

/** Progress of a run still going, written as its steps change (so GET /api/executions/:id shows them). */
const PROGRESS_SQL = `UPDATE executions SET steps = ?, progress = ?
  WHERE id = ? AND status ${NOT_ENDED_SQL}`;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export type ExecutionEnd = Pick<
  ExecutionEntity,
  'result' | 'error' | 'steps' | 'charged' | 'refunded' | 'completedAt' | 'ms'
> & {
  status: ExecutionStatus;
};

/**
 * The two writes every run makes (create at acceptance, close at the end) in hand-written SQL: they sit on the
 * hot path of every run, where the ORM's query building cost more than the database work. Outside a caller's
 * transaction they are group-committed: the inserts (and the closes) of one event-loop turn are written together,
 * in one transaction on SQLite and in one statement on PostgreSQL, and each caller resumes once they are committed.
 */
@Injectable()
export class ExecutionRecords {
  private readonly inserts = new TickBatch<unknown[], void>((rows) => this.insertRows(rows));
  private readonly finishes = new TickBatch<unknown[], boolean>((rows) => this.finishRows(rows));

  constructor(
    private readonly sql: SqlClient,
    private readonly transactor: Transactor,
    private readonly events: ExecutionEvents,
  ) {}

  /** Records a new execution; committed when this resolves. */
  async insert(execution: ExecutionEntity, manager?: EntityManager): Promise<void> {
    if (manager) await this.sql.execute(INSERT_SQL, this.values(execution), manager);
    else await this.inserts.add(this.values(execution));
    this.announce(execution);
  }

  /** Logs and counts a new execution row (insert does; a caller that wrote it another way calls this). */
  announce(execution: ExecutionEntity): void {
    this.events.recorded(execution);
  }

  private async insertRows(rows: unknown[][]): Promise<void[]> {
    if (this.sql.postgres)
      await this.sql.prepared('executions_insert_rows', INSERT_ROWS_SQL, asJsonRows(rows));
    else
      await this.transactor.run(async (manager) => {
        for (const row of rows) await this.sql.execute(INSERT_SQL, row, manager);
      });
    return rows.map(() => undefined);
  }

  private async finishRows(rows: unknown[][]): Promise<boolean[]> {
    if (this.sql.postgres) {
      const closed = await this.sql.prepared<{ id: string }>(
        'executions_finish_rows',
        FINISH_ROWS_SQL,
        asJsonRows(rows),
      );
      const ids = new Set(closed.map((row) => row.id));
      return rows.map((row) => ids.has(row[0] as string));
    }
    return this.transactor.run(async (manager) => {
      const closed: boolean[] = [];
      for (const [id, ...values] of rows)
        closed.push((await this.sql.execute(FINISH_SQL, [...values, id], manager)) > 0);
      return closed;
    });
  }

  /** The execution as a row another statement inserts (the reservation that pays for it, on PostgreSQL). */
  asCompanionRow(execution: ExecutionEntity): CompanionRow {
    return {
      table: 'executions',
      columns: COLUMNS.map((name) => ({ name, pgType: COLUMN_TYPES[name] })),
      values: this.values(execution),
    };
  }

  private values(e: ExecutionEntity): unknown[] {
    return [
      e.id,
      e.accountId,
      e.apiKeyId,
      e.requestId,
      e.mode,
      e.workflowId,
      e.workflowSlug,
      e.workflowVersion,
      json(e.modelIds),
      e.status,
      planJson(e.plan),
      json(e.result),
      json(e.error),
      json(e.steps),
      e.reserved,
      e.charged,
      e.refunded,
      e.ms,
      e.idempotencyKey,
      e.receivedAt,
      e.createdAt,
      e.startedAt,
      e.completedAt,
      e.deadlineAt,
      e.webhookUrl,
      e.leaseOwner,
      e.leaseExpiresAt,
      e.nextRunAt,
      json(e.progress),
    ];
  }

  /** The execution as stored now. */
  async load(id: string): Promise<ExecutionEntity | null> {
    const [row] = await this.sql.select('SELECT * FROM executions WHERE id = ?', [id]);
    return row ? this.fromRow(row) : null;
  }

  /** Undoes an insert whose run was refused within the same transaction. */
  async remove(id: string, manager?: EntityManager): Promise<void> {
    await this.sql.execute('DELETE FROM executions WHERE id = ?', [id], manager);
    this.events.withdrawn(id);
  }

  /** An execution read back by hand-written SQL (`RETURNING *`, `SELECT *`), typed as the entity. */
  fromRow(row: Record<string, unknown>): ExecutionEntity {
    const value = (name: keyof typeof COLUMN_TYPES): unknown => {
      const raw = row[name];
      if (raw === null || raw === undefined) return null;
      switch (COLUMN_TYPES[name]) {
        case 'text':
          return this.sql.json(raw);
        case 'timestamptz':
          return this.sql.date(raw);
        case 'integer':
          return Number(raw);
        default:
          return raw;
      }
    };
    return Object.fromEntries(
      COLUMNS.map((name) => [ENTITY_FIELDS[name], value(name)]),
    ) as unknown as ExecutionEntity;
  }

  async saveProgress(id: string, steps: unknown, progress: unknown): Promise<void> {
    await this.sql.execute(PROGRESS_SQL, [json(steps), json(progress), id]);
  }

  /** Closes an open execution; false when it was already closed (it is settled exactly once). */
  async finish(id: string, end: ExecutionEnd, manager?: EntityManager): Promise<boolean> {
    const values = [
      json(end.result),
      json(end.error),
      json(end.steps),
      end.charged,
      end.refunded,
      end.completedAt,
      end.ms,
    ];
    const closed = manager
      ? (await this.sql.execute(FINISH_SQL, [end.status, ...values, id], manager)) > 0
      : await this.finishes.add([id, end.status, ...values]);
    if (closed) this.events.ended(id, end);
    return closed;
  }
}
