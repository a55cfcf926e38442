/**
 * Where each process's CPU went in a window of a run: reads the V8 CPU profiles the services wrote
 * (`BENCH_SERVICE_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR"` on the pipeline bench) and sums the
 * sampled self time between two instants of the monotonic clock (the bench prints
 * `phase … at monotonic … µs`), by package or folder and by function.
 *
 *   node dist/bench/profile-summary.js DIR FROM_US TO_US [LAUNCHER_LOG] [TOP]
 *
 * LAUNCHER_LOG (the bench's system log) names the processes by the launcher's "started X (pid N)".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, libs/<lib>, services/<service>, node:<internal>, or V8's own (program, GC, idle). */
const placeOf = (url: string, functionName: string): string => {
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const own = /\/(libs|services|bench|scripts)\/([^/]+)/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return url.split('/')[0];
  return url;
};

const summarise = (profile: CpuProfile, fromUs: number, toUs: number, top: number) => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let time = profile.startTime;
  let total = 0;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    if (time < fromUs || time >= toUs) continue;
    // A sample stands for the interval up to the next one.
    const interval = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += interval;
    if (functionName === '(idle)') continue;
    busy += interval;
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + interval);
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|libs|services|bench)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + interval);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: busy > 0 ? Math.round((us / busy) * 1000) / 10 : 0 }));
  return { windowMs: Math.round(total / 1000), busyMs: Math.round(busy / 1000), places: ranked(places), functions: ranked(functions) };
};

const main = () => {
  const [dir, from, to, launcherLog, topText] = process.argv.slice(2);
  if (!dir || !from || !to) throw new Error('usage: node dist/bench/profile-summary.js DIR FROM_US TO_US [LAUNCHER_LOG] [TOP]');
  const names = new Map<string, string>();
  if (launcherLog) {
    for (const match of readFileSync(launcherLog, 'utf8').matchAll(/started (\S+) \(pid (\d+)\)/g)) names.set(match[2], match[1]);
  }
  const top = Number(topText ?? 15);
  const fromUs = Number(from);
  const toUs = Number(to);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort()) {
    const pid = /^CPU\.\d+\.\d+\.(\d+)\./.exec(file)?.[1] ?? '?';
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    if (profile.endTime < fromUs || profile.startTime > toUs) continue;
    const summary = summarise(profile, fromUs, toUs, top);
    const seconds = (toUs - fromUs) / 1e6;
    process.stdout.write(`\n== ${names.get(pid) ?? `pid ${pid}`} (${file}): ${summary.busyMs} ms busy in ${(seconds).toFixed(1)} s = ${(summary.busyMs / seconds).toFixed(1)} ms/s\n`);
    process.stdout.write(`  by place: ${summary.places.map((entry) => `${entry.name} ${entry.share}%`).join(', ')}\n`);
    for (const entry of summary.functions) process.stdout.write(`    ${String(entry.ms).padStart(8)} ms ${String(entry.share).padStart(5)}%  ${entry.name}\n`);
  }
};

main();
