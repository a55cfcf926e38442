// Prints the figures of a node-versions.sh run side by side: node bench/node-versions-table.mjs <results dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/node-versions-table.mjs bench/results/node-<stamp>');
const summaries = {};
for (const file of readdirSync(dir).filter((name) => name.endsWith('.log'))) {
  const [, bench, version] = /^(.*)-(v\d+\.\d+\.\d+)\.log$/.exec(file) ?? [];
  const last = readFileSync(join(dir, file), 'utf8').trim().split('\n').pop();
  try {
    (summaries[bench] ??= {})[version] = JSON.parse(last);
  } catch {
    (summaries[bench] ??= {})[version] = null;
  }
}
const pick = (object, path) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
const FIGURES = {
  store: ['store.medianEventsPerSecond.ours', 'store.medianEventsPerSecond.raw', 'store.ratios.oursOverRaw', 'store.medianCpuMicrosPerEvent.client.ours', 'store.medianCpuMicrosPerEvent.server.ours', 'hostBeforeStart.loadAverage1m'],
  pipeline: ['pipeline.accepted', 'pipeline.routed', 'pipeline.rawKafkaMs.p99', 'pipeline.cpuMsPerComplaint.total', 'pipeline.cpuMsPerComplaint.intake', 'pipeline.cpuMsPerComplaint.postgres', 'hostBeforeStart.loadAverage1m'],
  registration: ['registration.registrationsPerSecond', 'registration.latencyMs.p99', 'registration.rawInsertsPerSecond', 'registration.ratioToRaw', 'registration.cpuMsPerRegistration.intake', 'registration.cpuMsPerRegistration.postgres', 'hostBeforeStart.loadAverage1m'],
  'sla-bench': ['breaches', 'firedTwice', 'lagMs.p50', 'lagMs.p99', 'restartToReadyMs', 'peakRssMiB'],
  'analytics-bench': ['rebuild.eventsPerSecond', 'hqRollupMs.p50', 'mallReportMs.p50', 'xlsxExport.seconds', 'xlsxExport.rssPeakMiB'],
};
for (const [bench, versions] of Object.entries(summaries)) {
  const names = Object.keys(versions).sort();
  console.log(`\n${bench}\n| figure | ${names.join(' | ')} | ratio (${names[1] ?? '?'} / ${names[0]}) |\n|---|${names.map(() => '---').join('|')}|---|`);
  for (const figure of FIGURES[bench] ?? []) {
    const values = names.map((name) => pick(versions[name], figure));
    const ratio = typeof values[0] === 'number' && typeof values[1] === 'number' && values[0] !== 0 ? (values[1] / values[0]).toFixed(2) : '';
    console.log(`| ${figure} | ${values.map((value) => value ?? '–').join(' | ')} | ${ratio} |`);
  }
}
