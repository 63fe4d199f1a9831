import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (as written by `node --cpu-prof`) a summary needs. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
}

/** Where a sampled frame's time is counted: by package (or the project's own folder) and function. */
function placeOf(frame: { functionName: string; url: string }): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name; // (garbage collector), (program), (idle), native calls
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return `${pkg[1]} ${name}`;
  const own =
    /\/dist\/(src\/[^:]+?)(?:\.js)?$/.exec(frame.url) ?? /\/dist\/(bench\/[^:]+?)(?:\.js)?$/.exec(frame.url);
  if (own) return `${own[1]} ${name}`;
  if (frame.url.startsWith('node:')) return `${frame.url} ${name}`;
  return `${frame.url.split('/').slice(-1)[0]} ${name}`;
}

/** Self time per place, as shares of all samples except idle ones. */
export function selfTimeShares(profile: CpuProfile): Array<{ place: string; share: number }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map<string, number>();
  let total = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const place = placeOf(node.callFrame);
    counts.set(place, (counts.get(place) ?? 0) + 1);
    total++;
  }
  return [...counts.entries()]
    .map(([place, count]) => ({ place, share: count / Math.max(total, 1) }))
    .sort((a, b) => b.share - a.share);
}

/** The newest `.cpuprofile` in `dir`, or null. */
export function newestProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  return files[0]?.path ?? null;
}

/** A short breakdown: the `top` places by self time, one line each. */
export function profileBreakdown(path: string, top = 12): string[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  return [
    `  idle: ${(idleShare(profile) * 100).toFixed(0)} % of the samples; of the busy ones:`,
    ...selfTimeShares(profile)
      .slice(0, top)
      .map(({ place, share }) => `  ${(share * 100).toFixed(1).padStart(5)} %  ${place}`),
  ];
}

/** The share of samples in which the process waited (the event loop had nothing to run). */
function idleShare(profile: CpuProfile): number {
  const idle = new Set(
    profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id),
  );
  return profile.samples.filter((id) => idle.has(id)).length / Math.max(profile.samples.length, 1);
}
