import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';

/** How often the checkpointer thread moves committed WAL frames into the database file. */
const CHECKPOINT_INTERVAL_MS = 200;

/**
 * The checkpointer's thread: its own connection to the same file, a PASSIVE checkpoint on a timer (it never waits
 * for, nor blocks, the server's writer or readers).
 */
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error && error.message)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * SQLite in WAL mode copies committed pages back into the database file at checkpoints, and a checkpoint syncs
 * both files to disk: the slowest thing the embedded database does. Run by the connection that commits (SQLite's
 * default, every 1,000 pages) it stalls the event loop, and with it every request, for as long as the disk takes.
 * Here checkpoints run in a thread of their own instead, so the run path's commits only append to the WAL. The
 * server's connection keeps a far bound of its own (`wal_autocheckpoint`, data-source-options.ts) in case this
 * thread falls behind or dies, so the WAL never grows without bound. Durability is unchanged: a commit is durable
 * once in the WAL, whenever it is checkpointed.
 */
@Injectable()
export class WalCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WalCheckpointer');
  private thread?: Worker;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'better-sqlite3') return;
    const file = String(this.dataSource.options.database);
    this.thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    this.thread.unref();
    this.thread.on('message', (message: string) => this.logger.warn(`checkpoint failed: ${message}`));
    this.thread.on('error', (error) => this.logger.warn(`checkpointer stopped: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    // Asked to stop, the thread closes its connection and ends on its own (process.exit in a thread would reach the
    // process's exit code); one that does not answer is terminated.
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    thread.postMessage('stop');
    const timer = setTimeout(() => void thread.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
