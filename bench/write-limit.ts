import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { TickBatch } from '../src/database/tick-batch';
import { exitWhenDone } from './children';
import { BENCH_DATABASE_URL } from './services';

/**
 * `npm run bench:write-limit`: the ceiling for a run path with one durable write, on both databases, with no
 * Flowgate code: a bare NestJS-on-Fastify POST route (the sync bench's baseline), the same route writing one row per
 * request grouped per event-loop turn into SQLite (WAL, synchronous=NORMAL, as the embedded default) and into
 * PostgreSQL (one prepared `INSERT … SELECT FROM unnest(…)` per turn, as Flowgate does). Each is driven like the sync
 * bench (autocannon, 20 connections, 2 s warm-up, then BENCH_DURATION s) in its own process, one after the other.
 * Prints req/s per variant and each one's ratio to `bare`: `sync-run ratio` cannot exceed its database's.
 */
type Mode = 'bare' | 'sqlite' | 'postgres';

function writer(mode: Mode, dir: string, schema: string): (row: string[]) => Promise<void> {
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
  const write = writer(mode, dir, schema);
  @Controller()
  class RunController {
    @Post('run')
    @HttpCode(200)
    async run(@Body() body: { inputs?: { name?: string } }) {
      const id = randomUUID();
      const result = `Hello, ${body?.inputs?.name ?? ''}!`;
      await write([id, JSON.stringify(body), result, new Date().toISOString()]);
      return { success: true, result, cost: 0, ms: 0, executionId: id };
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
    for (const mode of ['bare', 'sqlite', 'postgres'] as const) {
      const child = fork(__filename, ['serve', mode, dir, schema]);
      const port = await new Promise<number>((resolve) =>
        child.once('message', (message) => resolve(Number(message))),
      );
      await drive(`http://127.0.0.1:${port}/run`, 2);
      const result = await drive(`http://127.0.0.1:${port}/run`, duration);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${mode}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      rates.set(mode, result.requests.average);
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    }
  } finally {
    await pg.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pg.end();
    rmSync(dir, { recursive: true, force: true });
  }
  const bare = rates.get('bare')!;
  for (const [mode, rate] of rates)
    console.log(
      `${mode.padEnd(9)} ${rate.toFixed(0).padStart(6)} req/s  ratio to bare ${(rate / bare).toFixed(2)}`,
    );
}

const [role, mode, dir, schema] = process.argv.slice(2);
if (role === 'serve') void serve(mode as Mode, dir, schema);
else exitWhenDone(main());
