/**
 * Analytics at group scale: a generated group of BENCH_ANALYTICS_MALLS (200) malls and one month of
 * their logs (~3,000 cases per mall, the first mall 50,000, ~6 M events in the producers' PostgreSQL
 * logs). Measured: the projection rebuild from position zero (events/s), then with the analytics
 * service running as its own process: the HQ roll-up and one mall's monthly report (first request
 * and warm, p50/p99 over repeated requests), and the 50,000-row monthly detail as XLSX (time, and the
 * service's peak resident memory while it streams).
 *
 *   npm run build && node dist/bench/analytics-bench.js
 *
 * PostgreSQL: DATABASE_URL, else an embedded server in a temporary folder (fsync on). No Kafka: the
 * service follows the PostgreSQL logs (the embedded transport); the rebuild reads the same logs.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { PRODUCING_SERVICES, schemaOf } from '@mallcare/contracts';
import { identityOfStaff, signingKeyFromJwk, signStaffToken } from '@mallcare/policy';
import { Client } from 'pg';
import { FOLDED_EVENT_TYPES } from '../services/analytics/src/figures/case-path.fold';
import { mallIdOf } from './analytics-month';
import { benchOnGroupMonth, cpuSeconds, residentMiB, runRebuild, startAnalytics, stopService, type RebuildRun } from './analytics-service';
import { envInt, nowMs, round, say, summarize, type LatencySummary } from './stats';

const root = resolve(__dirname, '..', '..');
const MONTH = '2026-10';

const settings = {
  malls: envInt('BENCH_ANALYTICS_MALLS', 200, 2, 1_000),
  casesPerMall: envInt('BENCH_CASES_PER_MALL', 2_760, 1, 100_000),
  bigMallCases: envInt('BENCH_BIG_MALL_CASES', 50_000, 1, 500_000),
  repeats: envInt('BENCH_REPORT_REPEATS', 20, 1, 1_000),
  rebuildTimeoutSeconds: envInt('BENCH_REBUILD_TIMEOUT_S', 3_600, 10, 86_400),
};
/** Another build's root (e.g. the previous commit's, built into a temporary folder): its rebuild runs first on the same logs, the "before" of the same run. */
const beforeRoot = process.env.BENCH_REBUILD_BEFORE_ROOT;

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' / ');

/**
 * The raw baseline of a rebuild: the same events read from every log in log order, pages of 5,000
 * through the pg driver (data parsed), nothing folded or written: the floor of any rebuild on this
 * machine in this run.
 */
const rawRead = async (databaseUrl: string): Promise<{ events: number; millis: number }> => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = nowMs();
  let events = 0;
  try {
    for (const service of PRODUCING_SERVICES) {
      const schema = schemaOf(service);
      let after = { transactionId: '0', globalPosition: '0' };
      for (;;) {
        const { rows } = await client.query<{ transaction_id: string; global_position: string }>(
          `SELECT global_position, transaction_id::text AS transaction_id, stream_id, stream_position, event_id, event_type, complaint_id, mall_id, data, occurred_at, recorded_at
           FROM ${schema}.events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND event_type = ANY($3::text[])
           ORDER BY transaction_id, global_position LIMIT 5000`,
          [after.transactionId, after.globalPosition, FOLDED_EVENT_TYPES],
        );
        events += rows.length;
        if (rows.length < 5_000) break;
        const last = rows[rows.length - 1];
        after = { transactionId: last.transaction_id, globalPosition: String(last.global_position) };
      }
    }
  } finally {
    await client.end();
  }
  return { events, millis: nowMs() - started };
};

const timedGet = async (url: string, token: string): Promise<{ ms: number; status: number; bytes: number }> => {
  const started = nowMs();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
  const body = Buffer.from(await response.arrayBuffer());
  return { ms: nowMs() - started, status: response.status, bytes: body.length };
};

const repeated = async (url: string, token: string, times: number): Promise<{ first: number; warm: LatencySummary; status: number; bytes: number }> => {
  const first = await timedGet(url, token);
  if (first.status !== 200) throw new Error(`GET ${url} answered ${first.status}`);
  const warm: number[] = [];
  for (let n = 0; n < times; n++) warm.push((await timedGet(url, token)).ms);
  return { first: round(first.ms, 1), warm: summarize(warm), status: first.status, bytes: first.bytes };
};

const main = async (): Promise<void> => {
  say(`mallcare analytics bench – ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
  say(`group: ${settings.malls} malls, ${settings.casesPerMall} cases per mall in ${MONTH}, the first mall ${settings.bigMallCases}`);
  await benchOnGroupMonth({ name: 'analytics', summaryName: 'mallcare-analytics', settings, month: MONTH }, async ({ databaseUrl, env, logFile, signingJwk, policy, loaded }) => {
    say(`host load average (1 / 5 / 15 min) before the rebuild: ${load()}`);
    const raw = await rawRead(databaseUrl);
    const rawRate = round(raw.events / (raw.millis / 1000), 0);
    say(`raw baseline: ${raw.events} events read in log order (pages of 5,000, no fold, no write) in ${(raw.millis / 1000).toFixed(1)} s = ${rawRate} events/s`);
    let before: RebuildRun | null = null;
    if (beforeRoot) {
      before = await runRebuild(beforeRoot, databaseUrl, 'before', settings.rebuildTimeoutSeconds);
      say(`before (${beforeRoot}): ${before.events} events → ${before.cases} case paths in ${(before.millis / 1000).toFixed(1)} s = ${before.eventsPerSecond} events/s, ${round((before.cpuSeconds * 1e6) / before.events, 1)} µs CPU per event, peak RSS ${before.peakRssMiB} MiB; load ${load()}`);
    }
    const rebuild = await runRebuild(root, databaseUrl, 'rebuild', settings.rebuildTimeoutSeconds);
    const rebuildRate = rebuild.eventsPerSecond;
    say(
      `rebuild: ${rebuild.events} events (${loaded.events} in the logs) → ${rebuild.cases} case paths in ${(rebuild.millis / 1000).toFixed(1)} s = ${rebuildRate} events/s ` +
        `(${round(rebuildRate / rawRate, 3)}× the raw read of the same run${before ? `, ${round(rebuildRate / before.eventsPerSecond, 2)}× before` : ''}; target ≥ 50,000: ${rebuildRate >= 50_000 ? 'met' : 'MISSED'}); ` +
        `${round((rebuild.cpuSeconds * 1e6) / rebuild.events, 1)} µs CPU per event in the rebuild process${before ? ` (before ${round((before.cpuSeconds * 1e6) / before.events, 1)})` : ''}; ` +
        `peak RSS ${rebuild.peakRssMiB} MiB${before ? ` (before ${before.peakRssMiB} MiB)` : ''} (target ≤ 1,024: ${rebuild.peakRssMiB <= 1_024 ? 'met' : 'MISSED'}); load ${load()}`,
    );

    const service = await startAnalytics(env, logFile);
    try {
      const hq = identityOfStaff(policy, 'hq-ops-1');
      if (!hq) throw new Error('no hq-ops-1 in the generated policy');
      const token = signStaffToken(hq, { key: signingKeyFromJwk(signingJwk), expiresInSeconds: 3_600, issuer: 'mallcare', audience: 'mallcare-api' });
      const rollup = await repeated(`${service.baseUrl}/analytics/hq/rollup?month=${MONTH}`, token, settings.repeats);
      say(`HQ roll-up (${settings.malls} malls): first ${rollup.first} ms (mall-month figures computed), warm p50 ${rollup.warm.p50.toFixed(1)} ms, p99 ${rollup.warm.p99.toFixed(1)} ms (target < 1 s: ${rollup.warm.p99 < 1_000 ? 'met' : 'MISSED'})`);
      const typical = await repeated(`${service.baseUrl}/analytics/malls/${mallIdOf(1)}/reports/monthly?month=${MONTH}`, token, settings.repeats);
      say(`mall monthly report (${settings.casesPerMall} cases): first ${typical.first} ms, warm p50 ${typical.warm.p50.toFixed(1)} ms, p99 ${typical.warm.p99.toFixed(1)} ms (target < 200 ms: ${typical.warm.p99 < 200 ? 'met' : 'MISSED'})`);
      const big = await repeated(`${service.baseUrl}/analytics/malls/${mallIdOf(0)}/reports/monthly?month=${MONTH}`, token, Math.min(5, settings.repeats));
      say(`mall monthly report (${settings.bigMallCases} cases): first ${big.first} ms, warm p50 ${big.warm.p50.toFixed(1)} ms`);

      // The same rows as CSV from the same service (same read of the case paths, a trivial format): the export's raw baseline.
      const sampled = async (path: string): Promise<{ ms: number; bytes: number; rssIdle: number | null; rssPeak: number; cpuSeconds: number }> => {
        const rssIdle = residentMiB(service.child.pid);
        const cpuBefore = cpuSeconds(service.child.pid) ?? 0;
        let rssPeak = rssIdle ?? 0;
        const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, residentMiB(service.child.pid) ?? 0)), 25);
        const got = await timedGet(`${service.baseUrl}${path}`, token).finally(() => clearInterval(sampler));
        if (got.status !== 200) throw new Error(`GET ${path} answered ${got.status}`);
        return { ms: got.ms, bytes: got.bytes, rssIdle, rssPeak: round(rssPeak, 1), cpuSeconds: round((cpuSeconds(service.child.pid) ?? 0) - cpuBefore, 2) };
      };
      const csv = await sampled(`/analytics/malls/${mallIdOf(0)}/exports/monthly-detail.csv?month=${MONTH}`);
      say(`raw baseline: the same ${settings.bigMallCases} rows as CSV: ${(csv.ms / 1000).toFixed(2)} s (service CPU ${csv.cpuSeconds} s), ${(csv.bytes / 2 ** 20).toFixed(1)} MiB, service RSS ${csv.rssIdle} → peak ${csv.rssPeak} MiB; load ${load()}`);
      const exported = await sampled(`/analytics/malls/${mallIdOf(0)}/exports/monthly.xlsx?month=${MONTH}`);
      const rssIdle = exported.rssIdle;
      const rssPeak = exported.rssPeak;
      say(
        `XLSX monthly workbook of ${mallIdOf(0)} (${settings.bigMallCases}-row monthly detail): ${(exported.ms / 1000).toFixed(2)} s (${round(exported.ms / csv.ms, 2)}× the CSV; service CPU ${exported.cpuSeconds} s, ${round(exported.cpuSeconds / csv.cpuSeconds, 2)}× the CSV's), ${(exported.bytes / 2 ** 20).toFixed(1)} MiB; ` +
          `service RSS ${rssIdle} MiB before, peak ${rssPeak} MiB (targets < 5 s: ${exported.ms < 5_000 ? 'met' : 'MISSED'}; < 500 MB: ${rssPeak < 500 ? 'met' : 'MISSED'}); load ${load()}`,
      );
      return {
        settings,
        loaded: { cases: loaded.cases, events: loaded.events },
        rawRead: { events: raw.events, seconds: round(raw.millis / 1000, 1), eventsPerSecond: rawRate },
        rebuild: { events: rebuild.events, cases: rebuild.cases, seconds: round(rebuild.millis / 1000, 1), eventsPerSecond: rebuildRate, peakRssMiB: rebuild.peakRssMiB, cpuSeconds: rebuild.cpuSeconds },
        rebuildBefore: before,
        hqRollupMs: { first: rollup.first, p50: rollup.warm.p50, p99: rollup.warm.p99 },
        mallReportMs: { first: typical.first, p50: typical.warm.p50, p99: typical.warm.p99 },
        bigMallReportMs: { first: big.first, p50: big.warm.p50 },
        csvExport: { rows: settings.bigMallCases, seconds: round(csv.ms / 1000, 2), cpuSeconds: csv.cpuSeconds, rssPeakMiB: csv.rssPeak },
        xlsxExport: { rows: settings.bigMallCases, seconds: round(exported.ms / 1000, 2), cpuSeconds: exported.cpuSeconds, mib: round(exported.bytes / 2 ** 20, 1), rssBeforeMiB: rssIdle, rssPeakMiB: rssPeak },
        loadAverage: loadavg(),
        targets: {
          rebuild: rebuildRate >= 50_000 && rebuild.peakRssMiB <= 1_024,
          hqRollup: rollup.warm.p99 < 1_000,
          mallReport: typical.warm.p99 < 200,
          export: exported.ms < 5_000 && rssPeak < 500,
        },
      };
    } finally {
      await stopService(service);
    }
  });
};

main().catch((error: unknown) => {
  process.stderr.write(`analytics bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
