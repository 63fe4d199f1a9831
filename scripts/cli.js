#!/usr/bin/env node
// `npm run cli`: the operator CLI, compiled first only when a source file is newer than the build. Compiler output
// goes to stderr, so stdout carries nothing but the command's JSON (`npm run -s cli -- accounts:list | jq`).
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist/src/cli/main.js');
// The build is incremental: unchanged outputs keep their old mtime, so the build info's mtime says when the last
// build ran (tsc rewrites it when anything changed; this script touches it after every build it runs).
const buildInfo = join(root, 'dist/.tsbuildinfo');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const sources = ['src', 'tsconfig.json', 'tsconfig.build.json'].map((name) => join(root, name));
const stale =
  !existsSync(entry) ||
  !existsSync(buildInfo) ||
  Math.max(...sources.map(newestMtime)) > statSync(buildInfo).mtimeMs;
if (stale) {
  process.stderr.write('flowgate: src/ changed since the last build; compiling…\n');
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const now = new Date();
  utimesSync(buildInfo, now, now);
}
require(entry);
