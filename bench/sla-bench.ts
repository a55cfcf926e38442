/**
 * SLA timer bench (issue 4): sla-monitor with SLA_BENCH_CLOCKS open clocks (default 1,000,000), then
 * deadlines due at a steady rate (SLA_BENCH_RATE per second for SLA_BENCH_SECONDS): the lag from each
 * deadline to its committed SlaClockBreached (p50/p99/max), memory, and restart-to-ready with that many
 * clocks. Targets: p99 lag < 1 s, restart < 30 s.
 * SLA_BENCH_BURST=N instead makes N deadlines fall due at the same instant (every end-of-day clock comes
 * due at midnight): the time until the last of them is breached. Target: 100,000 within 10 s, none twice.
 *   npm run build && node dist/bench/sla-bench.js
 * PostgreSQL: DATABASE_URL, else an embedded server (fsync on). No Kafka: the embedded transport.
 * The service runs inside this process, so the memory figure is the bench's and the service's together.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadServiceConfig, startService, type ServiceConfig } from '@mallcare/platform';
import { generateSigningJwk, publicKeySetOf } from '@mallcare/policy';
import { slaMonitorService } from '../services/sla-monitor/src/sla-monitor.service-definition';
import { insertClocks } from './sla-clocks';
import { startBenchPostgres } from './postgres';
import { envInt, formatLatency, round, say, sleep, summarize } from './stats';

const MB = 2 ** 20;

const main = async (): Promise<void> => {
  const clocks = envInt('SLA_BENCH_CLOCKS', 1_000_000);
  const rate = envInt('SLA_BENCH_RATE', 200);
  const seconds = envInt('SLA_BENCH_SECONDS', 30);
  const burst = envInt('SLA_BENCH_BURST', 0);
  const due = Math.min(clocks, burst > 0 ? burst : rate * seconds);
  // Timer loops of the service under test (its default is 4); the pool above leaves room for them.
  process.env.SLA_TIMER_WORKERS ??= '8';
  say(`timer: SLA_TIMER_WORKERS=${process.env.SLA_TIMER_WORKERS}, SLA_TIMER_POLL_MS=${process.env.SLA_TIMER_POLL_MS ?? '250 (default)'}`);
  const postgres = await startBenchPostgres((line) => process.stderr.write(`${line}\n`));
  say(`PostgreSQL: ${postgres.description}`);
  const database = `mallcare_sla_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: postgres.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(postgres.serverUrl);
  url.pathname = `/${database}`;
  const config: ServiceConfig = {
    ...loadServiceConfig('sla-monitor', {
      DATABASE_URL: url.toString(),
      AUTH_JWKS: JSON.stringify(publicKeySetOf([generateSigningJwk()])),
      KAFKA_BROKERS: '',
      EVENT_POLL_INTERVAL_MS: '200',
      DB_POOL_SIZE: '16',
    }),
    port: 0,
  };
  const client = new Client({ connectionString: url.toString() });
  try {
    let app = await startService(slaMonitorService, config, { handleSignals: false });
    await app.close();
    await client.connect();

    say(`loading ${clocks - due} open clocks due in a week …`);
    const loadStarted = Date.now();
    await insertClocks(client, clocks - due, new Date(Date.now() + 7 * 86_400_000), 1);
    // Settle the bulk load first (as a long-running system would be), so autovacuum and checkpoints of it do not land in the window.
    for (const table of ['events', 'clock_cases', 'clocks']) await client.query(`VACUUM ANALYZE sla_monitor.${table}`);
    await client.query('CHECKPOINT');
    // The loaded clocks stand for history already published: the log's publisher starts caught up, as in a running system.
    await client.query(
      `INSERT INTO sla_monitor.checkpoints (reader, transaction_id, global_position, updated_at)
       SELECT 'embedded-publisher', transaction_id, global_position, now() FROM sla_monitor.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1
       ON CONFLICT (reader) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()`,
    );
    const loadMs = Date.now() - loadStarted;
    say(`loaded in ${round(loadMs / 1000, 1)} s`);

    const restartStarted = Date.now();
    app = await startService(slaMonitorService, config, { handleSignals: false });
    const restartMs = Date.now() - restartStarted;
    const rssAfterStart = process.memoryUsage().rss;
    say(`restart to ready with ${clocks - due} open clocks: ${restartMs} ms, RSS ${round(rssAfterStart / MB, 0)} MiB`);

    // A burst needs time to be written before it falls due; a steady rate starts 3 s out.
    // A burst is written before it falls due: lead time twice what the bulk load took for as many clocks, plus 5 s.
    const perClockMs = loadMs / Math.max(1, clocks - due);
    const windowStart = new Date(Date.now() + (burst > 0 ? 5_000 + 2 * perClockMs * due : 3_000));
    await insertClocks(client, due, windowStart, burst > 0 ? 0 : 1000 / rate);
    // This process runs the service: its CPU from here to the last breach is the service's work for them (and the bench's polling).
    const cpuFromWindow = process.cpuUsage();
    if (Date.now() > windowStart.getTime()) say(`WARNING: the clocks were still being written when they fell due (${Date.now() - windowStart.getTime()} ms late): the lag includes it`);
    say(
      burst > 0
        ? `${due} more clocks all due at ${windowStart.toISOString()} (${clocks} open in all)`
        : `${due} more clocks due from ${windowStart.toISOString()} at ${rate}/s for ${seconds} s (${clocks} open in all)`,
    );
    const windowEnd = windowStart.getTime() + (burst > 0 ? 0 : seconds * 1000);
    // A burst is waited for until every clock has fired (bounded: 5 minutes); a steady rate for 5 s after its window.
    const waitUntil = windowEnd + (burst > 0 ? 300_000 : 5_000);
    let peakRss = process.memoryUsage().rss;
    while (Date.now() < waitUntil) {
      await sleep(500);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (burst > 0 && Date.now() > windowEnd) {
        const fired = await client.query(`SELECT count(*)::int AS n FROM sla_monitor.events WHERE event_type = 'SlaClockBreached'`);
        if ((fired.rows[0] as { n: number }).n >= due) break;
      }
    }
    const cpu = process.cpuUsage(cpuFromWindow);
    const rows: { lag_ms: number }[] = await client
      .query(
        `SELECT extract(epoch FROM (recorded_at - (data->>'dueAt')::timestamptz)) * 1000 AS lag_ms
         FROM sla_monitor.events WHERE event_type = 'SlaClockBreached'`,
      )
      .then((result) => result.rows.map((row: { lag_ms: string }) => ({ lag_ms: Number(row.lag_ms) })));
    const twice: { n: string }[] = (
      await client.query(`SELECT count(*) AS n FROM (SELECT stream_id FROM sla_monitor.events WHERE event_type = 'SlaClockBreached' GROUP BY 1 HAVING count(*) > 1) d`)
    ).rows;
    await app.close();
    const lag = summarize(rows.map((row) => row.lag_ms));
    say(`breaches: ${rows.length} of ${due} due; fired twice: ${twice[0].n}`);
    say(`deadline → committed breach lag: ${formatLatency(lag)}`);
    if (burst > 0) say(`burst of ${due} due at once: the last breached ${round(lag.max / 1000, 2)} s after the deadline (target ≤ 10 s)`);
    say(`peak RSS ${round(peakRss / MB, 0)} MiB`);
    const cpuPerBreachUs = rows.length > 0 ? round((cpu.user + cpu.system) / rows.length, 0) : null;
    say(`CPU of this process (the service and the bench) from the window to the last breach: ${round((cpu.user + cpu.system) / 1e6, 1)} s, ${cpuPerBreachUs} µs per breach`);
    say(
      JSON.stringify({
        bench: 'sla',
        openClocks: clocks,
        ...(burst > 0 ? { burst: due } : { dueRatePerSecond: rate, dueSeconds: seconds }),
        breaches: rows.length,
        due,
        firedTwice: Number(twice[0].n),
        cpuPerBreachUs,
        lagMs: lag,
        restartToReadyMs: restartMs,
        rssAfterStartMiB: round(rssAfterStart / MB, 0),
        peakRssMiB: round(peakRss / MB, 0),
      }),
    );
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await postgres.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
