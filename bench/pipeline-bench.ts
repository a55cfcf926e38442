/**
 * Registration → routed latency through real Kafka: the whole system (`node dist/scripts/launch.js`,
 * every service its own process, on a free block of ports) on a fresh database and a fresh Kafka
 * namespace, with this run's own token-signing key and personal-data key; walk-in complaints are POSTed
 * to the gateway at a steady open-loop rate with front-desk tokens of the sample group's malls, and
 * each one's CaseRouted is awaited on `${ns}.routing.events.v1` (message key = complaint id). For
 * scale, a raw kafkajs produce→consume round trip at the same rate on a fresh topic of the same
 * cluster, in the same run. Every wait is bounded; the run's topics and database are removed after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVICE_NAMES, topicOf } from '@mallcare/contracts';
import { generateSigningJwk, SAMPLE_GROUP_POLICY, type TokenJwk } from '@mallcare/policy';
import { patchKafkaRequestQueue } from '@mallcare/messaging';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { Client } from 'pg';
import { commandLine, hostBusyShare, hostCpu, processTable, processTreeCpuMicros } from './cpu';
import { registerComplaintBody } from './payload';
import { createDatabase, dropDatabase } from './postgres';
import { envInt, formatLatency, nowMs, round, say, sleep, summarize, type LatencySummary } from './stats';
import { deleteNamespaceTopics, deskTokens, tail } from './harness';

// The bench's own kafkajs as the services run it: without kafkajs' 1 ms timer loop on every idle connection.
patchKafkaRequestQueue();

const root = resolve(__dirname, '..', '..');

export interface PipelineSettings {
  rate: number;
  durationSeconds: number;
  maxSends: number;
  maxSendSeconds: number;
  warmupSeconds: number;
  drainSeconds: number;
  /** Seconds with the system up and idle before the warm-up, to learn what each process burns doing nothing. */
  idleSeconds: number;
  /** Seconds the system is left alone after it is healthy before the idle measure (start-up work: autovacuum analysing fresh tables, JIT, consumer groups settling). */
  idleSettleSeconds: number;
  malls: number;
  /** MALLCARE_PORT_BASE for the launcher (gateway on it, the services on the next five); 0: a free block picked at random. */
  portBase: number;
  partitions: number;
}

export const pipelineSettings = (): PipelineSettings => ({
  rate: envInt('BENCH_RATE', 200, 1, 5_000),
  durationSeconds: envInt('BENCH_DURATION_S', 30, 1, 600),
  maxSends: envInt('BENCH_MAX_SENDS', 6_000, 1, 1_000_000),
  maxSendSeconds: envInt('BENCH_MAX_SEND_S', 45, 1, 900),
  warmupSeconds: envInt('BENCH_WARMUP_S', 3, 0, 60),
  drainSeconds: envInt('BENCH_DRAIN_S', 30, 1, 300),
  idleSeconds: envInt('BENCH_IDLE_S', 5, 1, 60),
  idleSettleSeconds: envInt('BENCH_IDLE_SETTLE_S', 0, 0, 600),
  malls: envInt('BENCH_MALLS', SAMPLE_GROUP_POLICY.malls.length, 1, SAMPLE_GROUP_POLICY.malls.length),
  portBase: envInt('MALLCARE_PORT_BASE', 0, 0, 65_535 - SERVICE_NAMES.length),
  partitions: envInt('KAFKA_PARTITIONS', 6, 1, 1_000),
});

/** Environment variables that, when set on the bench, reach the launched services unchanged. */
const SERVICE_TUNING_VARS = ['EVENT_POLL_INTERVAL_MS', 'KAFKA_PARTITIONS', 'DB_POOL_SIZE', 'LOG_FORMAT'];

export interface Segments {
  httpResponse: LatencySummary;
  sendToRegisteredRecorded: LatencySummary;
  registeredRecordedToIntakeTopic: LatencySummary;
  intakeTopicToRoutedRecorded: LatencySummary;
  routedRecordedToRoutingTopic: LatencySummary;
}

export interface PipelineSummary {
  settings: PipelineSettings;
  namespace: string;
  serviceEnv: Record<string, string>;
  sent: number;
  accepted: number;
  /** Sends not answered 201: refused, failed, or not answered within the bound. */
  httpErrors: number;
  routed: number;
  /** Accepted (201) but no CaseRouted seen within the drain window. */
  lost: number;
  /** Sends with no answer at all by the end of the drain. */
  unanswered: number;
  /** The answers other than a 201 with a complaint id, by kind (status and body, or the client error). */
  otherAnswers: Record<string, number>;
  achievedRate: number;
  maxSendLagMs: number;
  latency: LatencySummary;
  /** Over every complaint sent: one that was refused, timed out or never routed counts as infinitely late (JSON: null). */
  latencyAllSent: LatencySummary;
  segments: Segments;
  windows: { fromSecond: number; latency: LatencySummary }[];
  /**
   * CPU per accepted complaint, in ms, by process (the launched services, their PostgreSQL, this
   * bench): all they burned from the first send until drained, divided by the complaints accepted.
   */
  cpuMsPerComplaint: Record<string, number> | null;
  /** The same for the Kafka broker where it runs on this host (scripts/kafka's pid file, or BENCH_KAFKA_PID); not in the total. */
  brokerCpuMsPerComplaint: number | null;
  /** CPU each process burns with no load, in ms per second (1000 = a whole core). */
  idleCpuMsPerSecond: Record<string, number> | null;
  /** Transactions per second on the services' database while idle (pg_stat_database). */
  idleTransactionsPerSecond: number | null;
  /** The services' PostgreSQL activity (pg_stat_database of the run's database) per accepted complaint. */
  dbPerComplaint: DatabaseActivity | null;
  hostBusyPercent: number | null;
  rawKafka: { sent: number; received: number; lost: number; sendFailures: number; achievedRate: number; latency: LatencySummary };
  /** Pipeline p99 over everything sent (∞ → JSON null when some were never routed) / raw p99. */
  ratioP99: number;
  /** The same over the routed complaints only. */
  ratioP99Routed: number;
  target: { ratioP99: number; met: boolean };
  logFile: string;
}

export const runPipelineBench = async (serverUrl: string, brokers: string[], postmasterPid: number | null): Promise<PipelineSummary> => {
  const settings = pipelineSettings();
  const namespace = `bench-${randomBytes(4).toString('hex')}`;
  const serviceEnv = Object.fromEntries(SERVICE_TUNING_VARS.filter((name) => process.env[name]).map((name) => [name, process.env[name] ?? '']));
  say(`\n== Registration → CaseRouted latency through Kafka ==`);
  say(
    `Kafka ${brokers.join(',')}, namespace ${namespace}; ${settings.rate}/s for ${settings.durationSeconds} s ` +
      `(bounded: ${settings.maxSends} sends or ${settings.maxSendSeconds} s), ${settings.warmupSeconds} s warm-up, ${settings.malls} malls`,
  );
  say(`service settings passed through: ${Object.keys(serviceEnv).length > 0 ? JSON.stringify(serviceEnv) : 'none (service defaults: EVENT_POLL_INTERVAL_MS=2000, KAFKA_PARTITIONS=6)'}`);
  const portBase = await choosePortBase(settings.portBase);
  const gatewayPort = portBase;
  say(`ports: gateway ${gatewayPort}, services ${portBase + 1}–${portBase + SERVICE_NAMES.length} (MALLCARE_PORT_BASE=${portBase})`);

  const database = await createDatabase(serverUrl, 'bench_pipeline');
  const logFile = join(tmpdir(), `mallcare-${namespace}.log`);
  // This run's own secrets, passed to the launcher (the key through its data folder), so that it neither reads nor writes .data.
  const secrets: SystemSecrets = { signingJwk: generateSigningJwk(), personalDataKey: randomBytes(32).toString('base64'), dataDir: mkdtempSync(join(tmpdir(), 'mallcare-bench-data-')) };
  const kafka = new Kafka({ clientId: `mallcare-bench-${namespace}`, brokers, logLevel: logLevel.WARN });
  let system: ChildProcess | null = null;
  const stopOnSignal = () => {
    if (system) void stopSystem(system).finally(() => process.exit(130));
    else process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const started = nowMs();
    system = launchSystem(database.url, brokers, namespace, portBase, logFile, secrets);
    say(`launched the system (pid ${system.pid}), logs in ${logFile}`);
    await waitHealthy(`http://127.0.0.1:${gatewayPort}`, system, 180_000, logFile);
    say(`gateway healthy after ${((nowMs() - started) / 1000).toFixed(1)} s`);

    const probe = await startProbe(kafka, namespace);
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 256 });
      const post = poster(agent, gatewayPort, deskTokens(secrets.signingJwk, settings.malls));
      // Before any load (and its backlogs in the other consumers): what the processes burn doing nothing.
      if (settings.idleSettleSeconds > 0) {
        say(`letting the system settle for ${settings.idleSettleSeconds} s before the idle measure (BENCH_IDLE_SETTLE_S)`);
        await sleep(settings.idleSettleSeconds * 1000);
      }
      const idleDbStart = await databaseActivity(serverUrl, database.name);
      const idleStart = cpuSnapshot(system.pid ?? null, postmasterPid);
      const idleStartedAt = nowMs();
      markPhase('idle');
      await sleep(settings.idleSeconds * 1000);
      const idleEnd = cpuSnapshot(system.pid ?? null, postmasterPid);
      const idleSeconds = (nowMs() - idleStartedAt) / 1000;
      const idleDbEnd = await databaseActivity(serverUrl, database.name);
      // Includes the two reads of the counters themselves.
      const idleTransactionsPerSecond = idleDbStart && idleDbEnd ? round((idleDbEnd.transactions - idleDbStart.transactions) / idleSeconds, 1) : null;
      const idleCpuMsPerSecond =
        idleStart && idleEnd ? Object.fromEntries(Object.keys(idleEnd).map((name) => [name, round((idleEnd[name] - (idleStart[name] ?? 0)) / 1000 / idleSeconds, 1)])) : null;
      // The yardstick first, with the system up but idle: measured after the load it would include the
      // host still working off the pipeline's backlog, and flatter the ratio.
      markPhase('raw');
      const rawKafka = await rawRoundTrip(kafka, namespace, settings);
      say(
        `raw kafkajs produce(acks=-1) → eachMessage, system up and idle: ${formatLatency(rawKafka.latency)}   ` +
          `unreceived ${rawKafka.lost} (${rawKafka.achievedRate.toFixed(1)}/s)`,
      );
      markPhase('warmup');
      if (settings.warmupSeconds > 0) {
        const warm = await drive(post, settings.rate, settings.warmupSeconds, settings.rate * settings.warmupSeconds, settings.warmupSeconds + 15);
        const ids = warm.records.flatMap((record) => (record.id ? [record.id] : []));
        await waitFor(() => ids.every((id) => probe.routed.has(id)), 30_000);
        say(`warm-up: ${warm.records.length} sent, ${ids.filter((id) => probe.routed.has(id)).length} routed`);
      }
      const cpuBefore = cpuSnapshot(system.pid ?? null, postmasterPid);
      const broker = brokerPid();
      const brokerBefore = broker === null ? null : processTreeCpuMicros(broker);
      const dbBefore = await databaseActivity(serverUrl, database.name);
      const readsBefore = await tableReads(database.url);
      const statements = process.env.BENCH_PG_STATEMENTS === '1' ? await statementsReset(database.url) : false;
      const hostBefore = hostCpu();
      const loadStartedAt = nowMs();
      markPhase('load');
      const measured = await drive(post, settings.rate, settings.durationSeconds, settings.maxSends, settings.maxSendSeconds);
      // The drain also waits for late answers: a 201 that arrives now is accepted work like any other.
      await waitFor(
        () => measured.records.every((record) => record.respondedAt !== null && (record.id === null || probe.routed.has(record.id))),
        settings.drainSeconds * 1000,
      );
      const accepted = measured.records.filter((record) => record.id !== null);
      const httpErrors = measured.records.length - accepted.length;
      const unanswered = measured.records.filter((record) => record.respondedAt === null).length;
      // All counted at this one moment (answers keep arriving while the figures below are gathered).
      const errorKinds = new Map<string, number>();
      for (const record of measured.records) {
        if (record.id !== null || record.respondedAt === null) continue;
        const kind = (record.error ?? `status ${record.status ?? '?'} without a complaint id`).replace(/\s+/g, ' ').slice(0, 80);
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      }
      const commonErrors = [...errorKinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
      const cpuAfter = cpuSnapshot(system.pid ?? null, postmasterPid);
      const brokerAfter = broker === null ? null : processTreeCpuMicros(broker);
      markPhase('drained');
      const loadSeconds = (nowMs() - loadStartedAt) / 1000;
      const hostBusy = hostBusyShare(hostBefore, hostCpu());
      await sleep(1_500); // backends publish their statistics at most once a second
      const dbAfter = await databaseActivity(serverUrl, database.name);
      const readsAfter = await tableReads(database.url);
      const topStatements = statements ? await statementsTop(database.url, envInt('BENCH_PG_STATEMENTS_TOP', 10, 1, 200)) : [];
      const dbPerComplaint =
        dbBefore && dbAfter && accepted.length > 0
          ? (Object.fromEntries(
              (Object.keys(dbAfter) as (keyof DatabaseActivity)[]).map((key) => [key, round((dbAfter[key] - dbBefore[key]) / accepted.length, 1)]),
            ) as unknown as DatabaseActivity)
          : null;
      agent.destroy();
      const cpuMsPerComplaint =
        cpuBefore && cpuAfter && accepted.length > 0
          ? Object.fromEntries(Object.keys(cpuAfter).map((name) => [name, round((cpuAfter[name] - (cpuBefore[name] ?? 0)) / 1000 / accepted.length, 2)]))
          : null;
      if (cpuMsPerComplaint) cpuMsPerComplaint.total = round(Object.values(cpuMsPerComplaint).reduce((sum, value) => sum + value, 0), 2);
      const brokerCpuMsPerComplaint =
        brokerBefore !== null && brokerAfter !== null && accepted.length > 0 ? round((brokerAfter - brokerBefore) / 1000 / accepted.length, 2) : null;

      const complete = accepted.flatMap((record) => {
        const routed = probe.routed.get(record.id ?? '');
        return routed ? [{ record, routed, registered: probe.registered.get(record.id ?? '') }] : [];
      });
      const latencies = complete.map(({ record, routed }) => routed.seenAt - record.sentAt);
      const latency = summarize(latencies);
      const segment = (pick: (entry: (typeof complete)[number]) => number | null): LatencySummary =>
        summarize(complete.flatMap((entry) => {
          const value = pick(entry);
          return value === null || !Number.isFinite(value) ? [] : [value];
        }));
      const segments: Segments = {
        httpResponse: segment(({ record }) => (record.respondedAt ?? Number.NaN) - record.sentAt),
        sendToRegisteredRecorded: segment(({ record, registered }) => (registered ? registered.recordedAt - record.sentAt : null)),
        registeredRecordedToIntakeTopic: segment(({ registered }) => (registered ? registered.seenAt - registered.recordedAt : null)),
        intakeTopicToRoutedRecorded: segment(({ registered, routed }) => (registered ? routed.recordedAt - registered.seenAt : null)),
        routedRecordedToRoutingTopic: segment(({ routed }) => routed.seenAt - routed.recordedAt),
      };
      const windowSeconds = 5;
      const windows: { fromSecond: number; latency: LatencySummary }[] = [];
      for (let from = 0; from < measured.seconds; from += windowSeconds) {
        const inWindow = complete.filter(({ record }) => record.sentAt - measured.startedAt >= from * 1000 && record.sentAt - measured.startedAt < (from + windowSeconds) * 1000);
        if (inWindow.length > 0) windows.push({ fromSecond: from, latency: summarize(inWindow.map(({ record, routed }) => routed.seenAt - record.sentAt)) });
      }
      const lost = accepted.length - complete.length;
      say(
        `sent ${measured.records.length} in ${measured.seconds.toFixed(1)} s (${(measured.records.length / measured.seconds).toFixed(1)}/s, ` +
          `max send lag ${measured.maxLagMs.toFixed(0)} ms): 201 ${accepted.length}, ` +
          `no answer by the end of the drain ${unanswered}, other answers or errors ${httpErrors - unanswered}` +
          `${commonErrors.length > 0 ? ` (${commonErrors.map(([kind, count]) => `${count}× ${kind}`).join('; ')})` : ''}`,
      );
      const latencyAllSent = summarize([...latencies, ...Array.from({ length: measured.records.length - complete.length }, () => Number.POSITIVE_INFINITY)]);
      say(`POST → CaseRouted seen:  ${formatLatency(latency)}   accepted but not routed by the end of the ${settings.drainSeconds} s drain: ${lost}`);
      if (complete.length < measured.records.length) {
        say(`  over all ${measured.records.length} sent (the ${measured.records.length - complete.length} refused, timed out or unrouted count as ∞): ${formatLatency(latencyAllSent)}`);
      }
      say(`  breakdown (medians/p99 per step, host clock; PostgreSQL recorded_at is the insert time inside each transaction):`);
      const line = (label: string, summary: LatencySummary) => say(`    ${label.padEnd(46)} p50 ${summary.p50.toFixed(1).padStart(7)} ms   p99 ${summary.p99.toFixed(1).padStart(7)} ms`);
      line('POST → 201 response', segments.httpResponse);
      line('POST → ComplaintRegistered inserted (intake)', segments.sendToRegisteredRecorded);
      line('inserted → seen on intake topic (relay+Kafka)', segments.registeredRecordedToIntakeTopic);
      line('seen on intake topic → CaseRouted inserted', segments.intakeTopicToRoutedRecorded);
      line('CaseRouted inserted → seen on routing topic', segments.routedRecordedToRoutingTopic);
      if (cpuMsPerComplaint && idleCpuMsPerSecond) {
        const { total, ...parts } = cpuMsPerComplaint;
        const idleTotal = Object.values(idleCpuMsPerSecond).reduce((sum, value) => sum + value, 0);
        say(
          `  CPU per accepted complaint (first send to drained, ${loadSeconds.toFixed(0)} s): ${Object.entries(parts).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ')}; ` +
            `total ${total.toFixed(2)} ms (the Kafka broker not counted${brokerCpuMsPerComplaint === null ? '' : `; it used ${brokerCpuMsPerComplaint.toFixed(2)} ms more`}) → ${cpus().length} cores carry at most ~${Math.floor((cpus().length * 1000) / total)} complaints/s if nothing else ran`,
        );
        if (dbPerComplaint) {
          say(
            `  PostgreSQL work per accepted complaint (all services): ${dbPerComplaint.transactions} transactions, ` +
              `${dbPerComplaint.rowsInserted} rows inserted, ${dbPerComplaint.rowsUpdated} updated, ${dbPerComplaint.rowsRead} read`,
          );
        }
        if (readsBefore && readsAfter && accepted.length > 0) {
          const perComplaint = [...readsAfter]
            .map(([table, after]) => {
              const before = readsBefore.get(table) ?? { scans: 0, rows: 0 };
              return { table, scans: (after.scans - before.scans) / accepted.length, rows: (after.rows - before.rows) / accepted.length };
            })
            .sort((a, b) => b.rows - a.rows)
            .slice(0, 6);
          say(`  rows read per complaint by table (scans per complaint): ${perComplaint.map(({ table, scans, rows }) => `${table} ${rows.toFixed(0)} (${scans.toFixed(1)})`).join(', ')}`);
          const updated = [...readsAfter]
            .map(([table, after]) => {
              const before = readsBefore.get(table) ?? { updates: 0, hotUpdates: 0 };
              return { table, updates: after.updates - before.updates, hot: after.hotUpdates - before.hotUpdates };
            })
            .filter(({ updates }) => updates > 0)
            .sort((a, b) => b.updates - a.updates)
            .slice(0, 6);
          say(`  updates per complaint by table (HOT: no index entry written): ${updated.map(({ table, updates, hot }) => `${table} ${(updates / accepted.length).toFixed(1)} (HOT ${Math.round((100 * hot) / updates)} %)`).join(', ')}`);
        }
        if (topStatements.length > 0 && accepted.length > 0) {
          say('  statements by PostgreSQL time, per complaint (BENCH_PG_STATEMENTS=1):');
          for (const statement of topStatements) {
            say(
              `    ${(statement.ms / accepted.length).toFixed(2)} ms, ${(statement.calls / accepted.length).toFixed(1)} calls, ${(statement.rows / accepted.length).toFixed(0)} rows, ` +
                `${(statement.blocks / accepted.length).toFixed(0)} blocks: ${statement.query.replace(/\s+/g, ' ').slice(0, 160)}`,
            );
          }
        }
        say(
          `  the same processes idle (before the warm-up): ${idleTotal.toFixed(0)} ms/s, without the bench ${(idleTotal - (idleCpuMsPerSecond.bench ?? 0)).toFixed(0)} ms/s, ` +
            `${idleTransactionsPerSecond ?? '?'} transactions/s (${Object.entries(idleCpuMsPerSecond).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ')}); ` +
            `host busy during the load ${hostBusy === null ? '?' : (hostBusy * 100).toFixed(0)}% (anyone's work)`,
        );
      }
      say(`  by ${windowSeconds} s window of send time:`);
      for (const window of windows) say(`    ${String(window.fromSecond).padStart(3)}–${window.fromSecond + windowSeconds} s  ${formatLatency(window.latency)}`);

      // With complaints refused or unrouted the honest p99 is the one over everything sent.
      const pipelineP99 = complete.length < measured.records.length ? latencyAllSent.p99 : latency.p99;
      const ratioP99 = round(pipelineP99 / rawKafka.latency.p99, 2);
      const ratioP99Routed = round(latency.p99 / rawKafka.latency.p99, 2);
      const met = ratioP99 <= 5 && complete.length === measured.records.length;
      const shown = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '∞');
      say(
        `pipeline p99 / raw Kafka p99 = ${shown(pipelineP99, 1)} / ${rawKafka.latency.p99.toFixed(1)} = ${shown(ratioP99, 2)}  ` +
          `(target ≤ 5: ${met ? 'met' : 'MISSED'}${complete.length < measured.records.length ? `; ${measured.records.length - complete.length} of ${measured.records.length} not routed` : ''})`,
      );
      if (complete.length < measured.records.length) {
        say(`  over the routed ones only: ${shown(latency.p99, 1)} / ${rawKafka.latency.p99.toFixed(1)} = ${shown(ratioP99Routed, 2)}`);
      }
      return {
        settings,
        namespace,
        serviceEnv,
        sent: measured.records.length,
        accepted: accepted.length,
        httpErrors,
        unanswered,
        otherAnswers: Object.fromEntries(errorKinds),
        routed: complete.length,
        lost,
        achievedRate: round(measured.records.length / measured.seconds, 1),
        maxSendLagMs: round(measured.maxLagMs, 1),
        latency,
        latencyAllSent,
        segments,
        windows,
        cpuMsPerComplaint,
        brokerCpuMsPerComplaint,
        idleCpuMsPerSecond,
        idleTransactionsPerSecond,
        dbPerComplaint,
        hostBusyPercent: hostBusy === null ? null : round(hostBusy * 100, 1),
        rawKafka,
        ratioP99,
        ratioP99Routed,
        target: { ratioP99: 5, met },
        logFile,
      };
    } finally {
      await probe.consumer.disconnect().catch(() => undefined);
    }
  } finally {
    if (system) {
      say('stopping the system (SIGINT)…');
      const how = await stopSystem(system);
      say(`system stopped (${how})`);
    }
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await deleteNamespaceTopics(kafka, namespace);
    await dropDatabase(serverUrl, database.name).catch(() => undefined);
    rmSync(secrets.dataDir, { recursive: true, force: true });
  }
};

/**
 * The phases' start on the monotonic clock in µs, the clock of V8's CPU profiles (their startTime and
 * samples), so that `bench/profile-summary.ts` can cut each service's profile into idle and load.
 */
const markPhase = (phase: string): void => say(`phase ${phase} at monotonic ${process.hrtime.bigint() / 1000n} µs`);

interface DatabaseActivity {
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsRead: number;
}

/** Runs `work` on a connection of its own to `url`; `fallback` when the statistics cannot be read. */
const withStatsClient = async <T>(url: string, fallback: T, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url, application_name: 'bench-stats' });
  try {
    await client.connect();
    return await work(client);
  } catch {
    return fallback;
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** Cumulative counters of one database (every service's schema is in it); null if they cannot be read. */
const databaseActivity = (serverUrl: string, name: string): Promise<DatabaseActivity | null> =>
  withStatsClient(serverUrl, null, async (client) => {
    const { rows } = await client.query<Record<keyof DatabaseActivity, string>>(
      `SELECT xact_commit + xact_rollback AS "transactions", tup_inserted AS "rowsInserted", tup_updated AS "rowsUpdated",
              tup_returned + tup_fetched AS "rowsRead"
       FROM pg_stat_database WHERE datname = $1`,
      [name],
    );
    if (rows.length === 0) return null;
    return { transactions: Number(rows[0].transactions), rowsInserted: Number(rows[0].rowsInserted), rowsUpdated: Number(rows[0].rowsUpdated), rowsRead: Number(rows[0].rowsRead) };
  });

/** Starts pg_stat_statements afresh for the load (it must be preloaded: BENCH_PG_STATEMENTS=1); false if it cannot. */
const statementsReset = (databaseUrl: string): Promise<boolean> =>
  withStatsClient(databaseUrl, false, async (client) => {
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset()');
      return true;
    } catch (error) {
      say(`pg_stat_statements unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  });

const statementsTop = (databaseUrl: string, count: number): Promise<{ query: string; calls: number; ms: number; rows: number; blocks: number }[]> =>
  withStatsClient(databaseUrl, [], async (client) => {
    const { rows } = await client.query<{ query: string; calls: string; ms: number; rows: string; blocks: string }>(
      `SELECT query, calls, total_exec_time AS ms, rows, shared_blks_hit + shared_blks_read AS blocks
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY total_exec_time DESC LIMIT $1`,
      [count],
    );
    return rows.map((row) => ({ query: row.query, calls: Number(row.calls), ms: Number(row.ms), rows: Number(row.rows), blocks: Number(row.blocks) }));
  });

interface TableReads {
  scans: number;
  rows: number;
  updates: number;
  /** Updates that wrote no index entry (heap-only tuples). */
  hotUpdates: number;
}

/** Rows each table gave to sequential and index scans so far, how many scans, and its updates (pg_stat_user_tables of the run's database). */
const tableReads = (databaseUrl: string): Promise<Map<string, TableReads> | null> =>
  withStatsClient(databaseUrl, null, async (client) => {
    const { rows } = await client.query<{ table: string; scans: string; rows: string; updates: string; hot: string }>(
      `SELECT schemaname || '.' || relname AS "table", coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans,
              coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS rows, n_tup_upd AS updates, n_tup_hot_upd AS hot
       FROM pg_stat_user_tables`,
    );
    return new Map(rows.map((row) => [row.table, { scans: Number(row.scans), rows: Number(row.rows), updates: Number(row.updates), hotUpdates: Number(row.hot) }]));
  });

/** CPU so far (µs) of each process the launcher started, named by service, of the PostgreSQL server, and of this process. */
const cpuSnapshot = (launcherPid: number | null, postmasterPid: number | null): Record<string, number> | null => {
  const table = processTable();
  if (!table || launcherPid === null) return null;
  const snapshot: Record<string, number> = {};
  for (const child of table.filter((entry) => entry.ppid === launcherPid)) {
    const name = /services\/([^/]+)\/src\/main\.js/.exec(commandLine(child.pid))?.[1] ?? `pid ${child.pid}`;
    snapshot[name] = child.cpuMicros;
  }
  const postgres = processTreeCpuMicros(postmasterPid, table);
  if (postgres !== null) snapshot.postgres = postgres;
  const own = process.cpuUsage();
  snapshot.bench = own.user + own.system;
  return snapshot;
};

/** The local Kafka broker's pid: BENCH_KAFKA_PID, else the one scripts/kafka started (its pid file); null when neither is a running broker. */
const brokerPid = (): number | null => {
  const fromEnv = process.env.BENCH_KAFKA_PID;
  let pid: number;
  try {
    pid = Number(fromEnv ?? readFileSync(join(resolve(process.env.MALLCARE_DATA ?? join(root, '.data')), 'kafka', 'kafka.pid'), 'utf8').trim());
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && commandLine(pid).includes('kafka.Kafka') ? pid : null;
};

// ---------------------------------------------------------------- the launched system

const isPortFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });

/**
 * The launcher's ports: MALLCARE_PORT_BASE if given (it must be free), else a free block of six
 * picked at random above the usual ranges, so that another mallcare system on the default ports
 * (3000–3005) neither blocks the bench nor answers its requests.
 */
const choosePortBase = async (requested: number): Promise<number> => {
  const blockFree = async (base: number) => {
    for (let port = base; port <= base + SERVICE_NAMES.length; port++) if (!(await isPortFree(port))) return false;
    return true;
  };
  if (requested > 0) {
    if (!(await blockFree(requested))) throw new Error(`MALLCARE_PORT_BASE=${requested}: ports ${requested}–${requested + SERVICE_NAMES.length} are not all free`);
    return requested;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below the ephemeral range (32768+ on Linux), where outgoing connections could take a port first.
    const base = 10_000 + Math.floor(Math.random() * 1_000) * 8;
    if (await blockFree(base)) return base;
  }
  throw new Error('no free block of six ports found in 50 tries; set MALLCARE_PORT_BASE');
};

interface SystemSecrets {
  signingJwk: TokenJwk;
  personalDataKey: string;
  /** MALLCARE_DATA for the launcher: a temporary folder instead of the repository's .data. */
  dataDir: string;
}

const launchSystem = (databaseUrl: string, brokers: string[], namespace: string, portBase: number, logFile: string, secrets: SystemSecrets): ChildProcess => {
  const fd = openSync(logFile, 'a');
  writeFileSync(join(secrets.dataDir, 'auth-keys.json'), JSON.stringify({ keys: [secrets.signingJwk] }), { mode: 0o600 });
  const child = spawn(process.execPath, [join(root, 'dist', 'scripts', 'launch.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_NAMESPACE: namespace,
      INTAKE_PII_MASTER_KEY: secrets.personalDataKey,
      MALLCARE_DATA: secrets.dataDir,
      // One address sends the whole load: the per-client API limit would measure itself.
      THROTTLE_LIMIT: '0',
      MALLCARE_PORT_BASE: String(portBase),
      GATEWAY_PORT: String(portBase),
      // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": a profile per service process (and the launcher), written when it exits.
      ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
    },
    // Its own process group, so that a launcher that does not stop in time can be killed with its children.
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return child;
};

const waitHealthy = async (baseUrl: string, system: ChildProcess, timeoutMs: number, logFile: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (system.exitCode !== null) throw new Error(`the launched system exited with ${system.exitCode}; log tail:\n${tail(logFile)}`);
    const ok = await fetch(`${baseUrl}/health`).then((response) => response.ok, () => false);
    if (ok) return;
    await sleep(500);
  }
  throw new Error(`gateway not healthy after ${timeoutMs / 1000} s; log tail:\n${tail(logFile)}`);
};

/** SIGINT (the launcher stops its services), then wait; SIGKILL the whole process group if it hangs. */
const stopSystem = async (system: ChildProcess): Promise<string> => {
  if (system.exitCode !== null || system.signalCode !== null) return 'already exited';
  const exited = new Promise<void>((done) => system.once('exit', () => done()));
  system.kill('SIGINT');
  const clean = await Promise.race([exited.then(() => true), sleep(45_000).then(() => false)]);
  if (clean) return `exit code ${system.exitCode ?? system.signalCode}`;
  if (system.pid) {
    try {
      process.kill(-system.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.race([exited, sleep(5_000)]);
  return 'killed after 45 s';
};

// ---------------------------------------------------------------- the probe consumer

interface Seen {
  seenAt: number;
  recordedAt: number;
}

interface Probe {
  consumer: Consumer;
  registered: Map<string, Seen>;
  routed: Map<string, Seen>;
}

const header = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value).toString();
};

/** One consumer on the intake and routing topics, from the latest offsets; records when each event is seen. */
const startProbe = async (kafka: Kafka, namespace: string): Promise<Probe> => {
  const intakeTopic = topicOf('intake', namespace);
  const routingTopic = topicOf('routing', namespace);
  const registered = new Map<string, Seen>();
  const routed = new Map<string, Seen>();
  // A fetch returns as soon as there is data; the wait only bounds idle polling.
  const consumer = kafka.consumer({ groupId: `${namespace}.bench-probe`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
  await consumer.subscribe({ topics: [intakeTopic, routingTopic], fromBeginning: false });
  await consumer.run({
    partitionsConsumedConcurrently: 1,
    eachMessage: async ({ topic, message }) => {
      const seenAt = nowMs();
      const key = message.key?.toString();
      if (!key || !message.value) return;
      const type = header(message.headers, 'event-type');
      const target = topic === routingTopic && type === 'CaseRouted' ? routed : topic === intakeTopic && type === 'ComplaintRegistered' ? registered : null;
      if (!target || target.has(key)) return;
      const event = JSON.parse(message.value.toString('utf8')) as { metadata?: { recordedAt?: string } };
      target.set(key, { seenAt, recordedAt: Date.parse(event.metadata?.recordedAt ?? '') });
    },
  });
  await Promise.race([joined, sleep(30_000).then(() => Promise.reject(new Error('probe consumer did not join its group in 30 s')))]);
  return { consumer, registered, routed };
};

// ---------------------------------------------------------------- the load

interface SendRecord {
  sentAt: number;
  respondedAt: number | null;
  status: number | null;
  id: string | null;
  error?: string;
}

type Post = (sequence: number) => SendRecord;

const poster =
  (agent: Agent, port: number, desks: { mallId: string; token: string }[]): Post =>
  (sequence) => {
    const { mallId, token } = desks[sequence % desks.length];
    const body = JSON.stringify(registerComplaintBody(sequence, mallId));
    const record: SendRecord = { sentAt: nowMs(), respondedAt: null, status: null, id: null };
    const req = request(
      { host: '127.0.0.1', port, path: '/complaints', method: 'POST', agent, timeout: 30_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => {
          record.respondedAt = nowMs();
          record.status = res.statusCode ?? 0;
          if (record.status === 201) {
            try {
              record.id = (JSON.parse(text) as { id?: string }).id ?? null;
            } catch {
              record.error = 'unparseable response';
            }
          } else {
            record.error = `${record.status} ${text.slice(0, 200)}`;
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', (error) => {
      record.respondedAt ??= nowMs();
      record.error = error.message;
    });
    req.end(body);
    return record;
  };

/** How long after the last send the bench waits for answers (the request timeout is 30 s, but requests queued in the agent start it late). */
const ANSWER_WAIT_MS = 35_000;

interface DriveResult {
  records: SendRecord[];
  startedAt: number;
  seconds: number;
  maxLagMs: number;
}

/** Open-loop sends at `rate`/s: each send goes out when due, whatever earlier ones are doing. */
const drive = async (post: Post, rate: number, durationSeconds: number, maxSends: number, maxSeconds: number): Promise<DriveResult> => {
  const total = Math.min(maxSends, Math.round(rate * durationSeconds));
  const records: SendRecord[] = [];
  const startedAt = nowMs();
  const deadline = startedAt + maxSeconds * 1000;
  let maxLagMs = 0;
  while (records.length < total && nowMs() < deadline) {
    const due = Math.min(total, Math.floor(((nowMs() - startedAt) / 1000) * rate) + 1);
    while (records.length < due) {
      const scheduledAt = startedAt + (records.length * 1000) / rate;
      maxLagMs = Math.max(maxLagMs, nowMs() - scheduledAt);
      records.push(post(records.length));
    }
    await sleep(1);
  }
  const seconds = (nowMs() - startedAt) / 1000;
  // Every response (or its timeout) arrives within 30 s.
  await waitFor(() => records.every((record) => record.respondedAt !== null), ANSWER_WAIT_MS);
  return { records, startedAt, seconds, maxLagMs };
};

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
};

// ---------------------------------------------------------------- raw Kafka round trip

const rawRoundTrip = async (kafka: Kafka, namespace: string, settings: PipelineSettings): Promise<PipelineSummary['rawKafka']> => {
  const topic = `${namespace}.bench-rtt.v1`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: settings.partitions, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
  const received = new Map<number, number>();
  const consumer = kafka.consumer({ groupId: `${namespace}.bench-rtt`, maxWaitTimeInMs: 250 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([consumer.connect(), producer.connect()]);
  try {
    const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const seenAt = nowMs();
        received.set(Number(message.value?.toString('utf8')), seenAt);
      },
    });
    await Promise.race([joined, sleep(30_000).then(() => Promise.reject(new Error('raw round-trip consumer did not join in 30 s')))]);
    const sentAt = new Map<number, number>();
    let failures = 0;
    const send = (sequence: number) => {
      sentAt.set(sequence, nowMs());
      producer.send({ topic, acks: -1, messages: [{ key: randomUUID(), value: String(sequence) }] }).catch(() => failures++);
    };
    const run = async (first: number, seconds: number): Promise<{ sequences: number[]; seconds: number }> => {
      const total = Math.min(settings.maxSends, Math.round(settings.rate * seconds));
      const start = nowMs();
      const deadline = start + settings.maxSendSeconds * 1000;
      let sent = 0;
      while (sent < total && nowMs() < deadline) {
        const due = Math.min(total, Math.floor(((nowMs() - start) / 1000) * settings.rate) + 1);
        while (sent < due) send(first + sent++);
        await sleep(1);
      }
      return { sequences: Array.from({ length: sent }, (_, i) => first + i), seconds: (nowMs() - start) / 1000 };
    };
    if (settings.warmupSeconds > 0) {
      const warm = await run(1_000_000, settings.warmupSeconds);
      await waitFor(() => warm.sequences.every((sequence) => received.has(sequence)), 15_000);
    }
    const measured = await run(0, settings.durationSeconds);
    await waitFor(() => measured.sequences.every((sequence) => received.has(sequence)), settings.drainSeconds * 1000);
    const latencies = measured.sequences.flatMap((sequence) => {
      const seen = received.get(sequence);
      const sent = sentAt.get(sequence);
      return seen !== undefined && sent !== undefined ? [seen - sent] : [];
    });
    return {
      sent: measured.sequences.length,
      received: latencies.length,
      lost: measured.sequences.length - latencies.length,
      sendFailures: failures,
      achievedRate: round(measured.sequences.length / measured.seconds, 1),
      latency: summarize(latencies),
    };
  } finally {
    await Promise.all([consumer.disconnect().catch(() => undefined), producer.disconnect().catch(() => undefined)]);
    const cleanup = kafka.admin();
    await cleanup.connect().then(() => cleanup.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  }
};
