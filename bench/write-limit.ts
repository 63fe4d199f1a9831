import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { TickBatch } from '../src/database/tick-batch';
import { exitWhenDone } from './children';
import {
  completedRow,
  EXECUTION_COLUMNS,
  insertRowsSql,
  migrateExecutions,
  pgStamp,
  sqliteStamp,
} from './execution-row';
import { BENCH_DATABASE_URL } from './services';

/**
 * `npm run bench:write-limit`: the ceiling for a run path with one durable write, on both databases, with no
 * Flowgate code on the request path: a bare NestJS-on-Fastify POST route (the sync bench's baseline), the same route
 * writing one row per request grouped per event-loop turn into SQLite (WAL, synchronous=NORMAL, as the embedded
 * default) and into PostgreSQL (one prepared `INSERT … SELECT` per turn: the small row from `unnest(…)`, the
 * execution row from one jsonb parameter, as Flowgate sends it).
 * Two rows are written: a small one (`sqlite`, `postgres`: an id and three short strings), and the row a sync run
 * of the bench's template workflow leaves (`sqlite-execution`, `postgres-execution`: Flowgate's `executions` table as
 * its migrations create it, with its indexes and foreign key, and a row of the same size and content: ids, the plan
 * with the graph, the steps with their timestamps). Each is driven like the sync bench (autocannon, 20 connections,
 * 2 s warm-up, then BENCH_DURATION s) in its own process, one after the other. Prints req/s per variant and each
 * one's ratio to `bare`: `sync-run ratio` cannot exceed its database's `-execution` figure.
 */
type Mode = 'bare' | 'sqlite' | 'postgres' | 'sqlite-execution' | 'postgres-execution';
const MODES: Mode[] = ['bare', 'sqlite', 'sqlite-execution', 'postgres', 'postgres-execution'];

type Write = (name: string) => Promise<{ id: string }>;

async function writer(mode: Mode, dir: string, schema: string): Promise<Write> {
  if (mode === 'sqlite-execution') {
    await migrateExecutions({ dataDir: dir });
    const db = new Database(join(dir, 'flowgate.sqlite'));
    for (const pragma of ['journal_mode = WAL', 'foreign_keys = ON', 'synchronous = NORMAL'])
      db.pragma(pragma);
    const columns = EXECUTION_COLUMNS.map(([name]) => name);
    const insert = db.prepare(
      `INSERT INTO executions (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const group = db.transaction((rows: unknown[][]) => rows.forEach((row) => insert.run(...row)));
    const batch = new TickBatch<unknown[], void>(async (rows) => {
      group(rows);
      return rows.map(() => undefined);
    });
    return async (name) => {
      const row = completedRow(name, sqliteStamp);
      await batch.add(row);
      return { id: row[0] as string };
    };
  }
  if (mode === 'postgres-execution') {
    await migrateExecutions({ databaseUrl: BENCH_DATABASE_URL, databaseSchema: schema });
    const pool = new Pool({
      connectionString: BENCH_DATABASE_URL,
      max: 10,
      options: `-c search_path=${schema}`,
    });
    const text = insertRowsSql('executions');
    const batch = new TickBatch<unknown[], void>(async (rows) => {
      await pool.query({
        name: 'insert_executions',
        text,
        values: [JSON.stringify(rows)],
      });
      return rows.map(() => undefined);
    });
    return async (name) => {
      const row = completedRow(name, pgStamp);
      await batch.add(row);
      return { id: row[0] as string };
    };
  }
  const write = smallRowWriter(mode, dir, schema);
  return async (name) => {
    const id = randomUUID();
    await write([id, JSON.stringify({ inputs: { name } }), `Hello, ${name}!`, new Date().toISOString()]);
    return { id };
  };
}

function smallRowWriter(mode: Mode, dir: string, schema: string): (row: string[]) => Promise<void> {
  if (mode === 'bare') return () => Promise.resolve();
  if (mode === 'sqlite') {
    const db = new Database(join(dir, 'limit.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE runs (id TEXT PRIMARY KEY, body TEXT, result TEXT, created_at TEXT)');
    const insert = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?)');
    const group = db.transaction((rows: string[][]) => rows.forEach((row) => insert.run(...row)));
    const batch = new TickBatch<string[], void>(async (rows) => {
      group(rows);
      return rows.map(() => undefined);
    });
    return (row) => batch.add(row);
  }
  const pool = new Pool({ connectionString: BENCH_DATABASE_URL, max: 10 });
  const batch = new TickBatch<string[], void>(async (rows) => {
    await pool.query({
      name: 'insert',
      text: `INSERT INTO "${schema}".runs SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])`,
      values: [0, 1, 2, 3].map((column) => rows.map((row) => row[column])),
    });
    return rows.map(() => undefined);
  });
  return (row) => batch.add(row);
}

async function serve(mode: Mode, dir: string, schema: string): Promise<void> {
  const write = await writer(mode, dir, schema);
  @Controller()
  class RunController {
    @Post('run')
    @HttpCode(200)
    async run(@Body() body: { inputs?: { name?: string } }) {
      const name = String(body?.inputs?.name ?? '');
      const { id } = await write(name);
      return { success: true, result: `Hello, ${name}!`, cost: 0, ms: 0, executionId: id };
    }
  }
  @Module({ controllers: [RunController] })
  class LimitModule {}
  const app = await NestFactory.create<NestFastifyApplication>(LimitModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  process.send!((app.getHttpServer().address() as { port: number }).port);
}

async function drive(url: string, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections: 20,
    duration,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: { name: 'bench' } }),
  });
}

async function main(): Promise<void> {
  const duration = Number(process.env.BENCH_DURATION ?? 8);
  const dir = mkdtempSync(join(tmpdir(), 'write-limit-'));
  const schema = `wlimit_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const pg = new Client({ connectionString: BENCH_DATABASE_URL });
  await pg.connect();
  await pg.query(`CREATE SCHEMA "${schema}"`);
  await pg.query(
    `CREATE TABLE "${schema}".runs (id uuid PRIMARY KEY, body text, result text, created_at timestamptz)`,
  );
  const rates = new Map<Mode, number>();
  try {
    for (const mode of MODES) {
      const modeDir = join(dir, mode);
      mkdirSync(modeDir);
      // The execution row goes to a schema of its own, created by Flowgate's migrations.
      const modeSchema = mode === 'postgres-execution' ? `${schema}_executions` : schema;
      if (mode === 'postgres-execution') await pg.query(`CREATE SCHEMA "${modeSchema}"`);
      const child = fork(__filename, ['serve', mode, modeDir, modeSchema]);
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (message) => resolve(Number(message)));
        child.once('exit', (code) =>
          reject(new Error(`${mode}: the server exited (${code}) before it listened`)),
        );
      });
      await drive(`http://127.0.0.1:${port}/run`, 2);
      const result = await drive(`http://127.0.0.1:${port}/run`, duration);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${mode}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      rates.set(mode, result.requests.average);
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    }
  } finally {
    for (const name of [schema, `${schema}_executions`])
      await pg.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await pg.end();
    rmSync(dir, { recursive: true, force: true });
  }
  const bare = rates.get('bare')!;
  for (const [mode, rate] of rates)
    console.log(
      `${mode.padEnd(18)} ${rate.toFixed(0).padStart(6)} req/s  ratio to bare ${(rate / bare).toFixed(2)}`,
    );
}

const [role, mode, dir, schema] = process.argv.slice(2);
if (role === 'serve') void serve(mode as Mode, dir, schema);
else exitWhenDone(main());
