import 'reflect-metadata';
import { FlowgateBenchMode, startFlowgate } from './flowgate-app';
import { serveTarget } from './serve-target';

/**
 * One Flowgate bench server. BENCH_DATA_DIR: a fresh temp directory; BENCH_MODE: sync-template (default),
 * async-template or async-image; the service settings (DATABASE_URL, DATABASE_SCHEMA, REDIS_URL, QUEUE_PREFIX,
 * FLOWGATE_ROLE) pass through as they are.
 */
const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) {
  process.stderr.write('serve-flowgate: BENCH_DATA_DIR must name a fresh temp directory\n');
  process.exit(1);
}
const services: Record<string, string> = {};
for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'REDIS_URL', 'QUEUE_PREFIX', 'FLOWGATE_ROLE']) {
  const value = process.env[name];
  if (value) services[name] = value;
}
serveTarget(() =>
  startFlowgate(dataDir, (process.env.BENCH_MODE as FlowgateBenchMode) ?? 'sync-template', services),
);
