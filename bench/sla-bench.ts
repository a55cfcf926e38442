/**
 * SLA timer bench (issue 4): sla-monitor with SLA_BENCH_CLOCKS open clocks (default 1,000,000), then
 * deadlines due at a steady rate (SLA_BENCH_RATE per second for SLA_BENCH_SECONDS): the lag from each
 * deadline to its committed SlaClockBreached (p50/p99/max), memory, and restart-to-ready with that many
 * clocks. Targets: p99 lag < 1 s, restart < 30 s.
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
  const due = Math.min(clocks, rate * seconds);
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
    say(`loaded in ${round((Date.now() - loadStarted) / 1000, 1)} s`);

    const restartStarted = Date.now();
    app = await startService(slaMonitorService, config, { handleSignals: false });
    const restartMs = Date.now() - restartStarted;
    const rssAfterStart = process.memoryUsage().rss;
    say(`restart to ready with ${clocks - due} open clocks: ${restartMs} ms, RSS ${round(rssAfterStart / MB, 0)} MiB`);

    const windowStart = new Date(Date.now() + 3_000);
    await insertClocks(client, due, windowStart, 1000 / rate);
    say(`${due} more clocks due from ${windowStart.toISOString()} at ${rate}/s for ${seconds} s (${clocks} open in all)`);
    const windowEnd = windowStart.getTime() + seconds * 1000;
    let peakRss = process.memoryUsage().rss;
    while (Date.now() < windowEnd + 5_000) {
      await sleep(500);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
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
    say(`peak RSS ${round(peakRss / MB, 0)} MiB`);
    say(
      JSON.stringify({
        bench: 'sla',
        openClocks: clocks,
        dueRatePerSecond: rate,
        dueSeconds: seconds,
        breaches: rows.length,
        due,
        firedTwice: Number(twice[0].n),
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
