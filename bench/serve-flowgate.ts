import 'reflect-metadata';
import { startFlowgate } from './flowgate-app';
import { serveTarget } from './serve-target';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) {
  process.stderr.write('serve-flowgate: BENCH_DATA_DIR must name a fresh temp directory\n');
  process.exit(1);
}
serveTarget(() => startFlowgate(dataDir));
