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
import { generateSigningJwk, publicKeySetOf, SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { slaMonitorService } from '../services/sla-monitor/src/sla-monitor.service-definition';
import { startBenchPostgres } from './postgres';
import { envInt, formatLatency, round, say, sleep, summarize } from './stats';

const LOAD_BATCH = 100_000;
const MB = 2 ** 20;

const facts = JSON.stringify({
  mallId: 'SH01',
  receivedAt: null,
  kind: 'complaint',
  category: 'product-quality',
  complainantType: 'consumer',
  requestedDeadline: null,
  responsibility: null,
  severity: null,
  collective: false,
  owningDepartmentId: 'operations',
  handlingDepartmentId: 'operations',
  handlerStaffId: 'sh01-operations-1',
  resolved: false,
  mediaRisk: false,
  seen: {},
});

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** `count` forward-to-responsible clocks, the i-th due at `firstDue + i × stepMs`: its start event, its timer row and its read-model row. */
const insertClocks = async (client: Client, count: number, firstDue: Date, stepMs: number): Promise<void> => {
  for (let from = 0; from < count; from += LOAD_BATCH) {
    const to = Math.min(count, from + LOAD_BATCH) - 1;
    await client.query(
      `WITH ids AS (
         SELECT gen_random_uuid() AS id, $1::timestamptz + (g * $3::double precision) * interval '1 millisecond' AS due
         FROM generate_series($4::int, $5::int) g
       ), events AS (
         INSERT INTO sla_monitor.events (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at)
         SELECT 'sla-' || id, 1, gen_random_uuid(), 'SlaClockStarted', 2, id, 'SH01',
                jsonb_build_object('clockId', 'forward-to-responsible#1', 'clockKind', 'forward-to-responsible',
                  'startedAt', to_char((due - interval '10 minutes') AT TIME ZONE 'UTC', ${ISO}), 'dueAt', to_char(due AT TIME ZONE 'UTC', ${ISO}),
                  'targetMinutes', 10, 'policyVersion', $2::text, 'calendarCoverage', jsonb_build_object('status', 'official'),
                  'warnAt', '[]'::jsonb, 'byCustomerDeadline', false),
                jsonb_build_object('actor', jsonb_build_object('type', 'system', 'id', 'sla-bench'), 'correlationId', id::text, 'causationId', null),
                due - interval '10 minutes'
         FROM ids
       ), cases AS (
         INSERT INTO sla_monitor.clock_cases (complaint_id, mall_id, facts, next_fire_at, updated_at)
         SELECT id, 'SH01', $6::jsonb, due, now() FROM ids
       )
       INSERT INTO sla_monitor.clocks (complaint_id, clock_id, mall_id, department_id, kind, state, started_at, due_at, escalations, policy_version, updated_at)
       SELECT id, 'forward-to-responsible#1', 'SH01', 'operations', 'forward-to-responsible', 'running', due - interval '10 minutes', due, 0, $2::text, now() FROM ids`,
      [firstDue, SAMPLE_GROUP_POLICY.version, stepMs, from, to, facts],
    );
  }
};

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
