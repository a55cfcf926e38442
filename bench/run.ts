/**
 * mallcare benchmarks.
 *   node dist/bench/run.js [store|pipeline|registration|all]     (default all; `npm run bench` builds first)
 * store:    event store append rate – ours vs a raw INSERT vs emmett-postgresql, same PostgreSQL.
 * pipeline: registration → CaseRouted latency through real Kafka, whole system launched, vs a raw
 *           kafkajs produce→consume round trip.
 * registration: registrations/s through the intake API (HTTP, PostgreSQL, Kafka transport), 32
 *           concurrent desks for 30 s, vs raw single-row INSERTs on the same PostgreSQL.
 * PostgreSQL: DATABASE_URL, else an embedded server in a temporary folder (fsync on).
 * Kafka: KAFKA_BROKERS, else 127.0.0.1:19092 (`npm run kafka:start`). The last line printed is a JSON summary.
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { hostBusyShare, hostCpu } from './cpu';
import { runPipelineBench, type PipelineSummary } from './pipeline-bench';
import { runRegistrationBench, type RegistrationSummary } from './registration-bench';
import { startBenchPostgres } from './postgres';
import { round, say, sleep } from './stats';
import { CONTENDERS, runStoreBench, storeWorkerMain, type Contender, type StoreBenchSummary } from './store-bench';

type Mode = 'store' | 'pipeline' | 'registration' | 'all';

const machine = () => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  freeMemoryGiB: Math.round(freemem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
});

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  if (args[0] === '--store-worker') {
    const contender = args[1] as Contender;
    if (!CONTENDERS.includes(contender)) throw new Error(`unknown contender ${args[1]}`);
    await storeWorkerMain(contender);
    return;
  }
  const mode = (args[0] ?? 'all') as Mode;
  if (!['store', 'pipeline', 'registration', 'all'].includes(mode)) throw new Error(`usage: node dist/bench/run.js [store|pipeline|registration|all] (got ${args[0]})`);
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((broker) => broker.trim()).filter(Boolean);
  const host = machine();
  say(`mallcare bench (${mode}) – ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB RAM, Node ${host.node}, ${host.platform}`);
  const idleCheck = await hostLoad();
  say(
    `host before start: load average ${idleCheck.loadAverage1m}, CPU busy ${idleCheck.busyPercent ?? '?'}% over 2 s` +
      `${(idleCheck.busyPercent ?? 0) > 20 ? ' – other work is running here; every figure below competes with it for the CPU' : ''}`,
  );

  const postgres = await startBenchPostgres((line) => process.stderr.write(`${line}\n`));
  say(`PostgreSQL: ${postgres.description}`);
  let store: StoreBenchSummary | null = null;
  let pipeline: PipelineSummary | null = null;
  let registration: RegistrationSummary | null = null;
  const errors: string[] = [];
  try {
    if (mode === 'store' || mode === 'all') {
      store = await runStoreBench(postgres.serverUrl, postgres.postmasterPid).catch((error: unknown) => {
        errors.push(`store: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
    }
    if (mode === 'pipeline' || mode === 'all') {
      pipeline = await runPipelineBench(postgres.serverUrl, brokers, postgres.postmasterPid).catch((error: unknown) => {
        errors.push(`pipeline: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
    }
    if (mode === 'registration' || mode === 'all') {
      registration = await runRegistrationBench(postgres.serverUrl, brokers, postgres.postmasterPid).catch((error: unknown) => {
        errors.push(`registration: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
    }
  } finally {
    await postgres.stop();
  }
  for (const error of errors) process.stderr.write(`bench failed – ${error}\n`);
  const summary = {
    bench: 'mallcare',
    mode,
    at: new Date().toISOString(),
    machine: host,
    hostBeforeStart: idleCheck,
    postgres: postgres.description,
    store: store && {
      medianEventsPerSecond: store.medianEventsPerSecond,
      ratios: store.ratios,
      medianCpuMicrosPerEvent: { client: store.medianClientCpuMicrosPerEvent, server: store.medianServerCpuMicrosPerEvent },
      targets: store.targets,
      settings: store.settings,
      runs: store.runs.map((run) => ({
        round: run.round,
        contender: run.contender,
        events: run.events,
        eventsPerSecond: run.eventsPerSecond,
        p50: run.appendLatency.p50,
        p99: run.appendLatency.p99,
        clientCpuMicrosPerEvent: run.clientCpuMicrosPerEvent,
        serverCpuMicrosPerEvent: run.serverCpuMicrosPerEvent,
        hostBusyPercent: run.hostBusyPercent,
      })),
    },
    pipeline: pipeline && {
      namespace: pipeline.namespace,
      serviceEnv: pipeline.serviceEnv,
      sent: pipeline.sent,
      accepted: pipeline.accepted,
      routed: pipeline.routed,
      lost: pipeline.lost,
      httpErrors: pipeline.httpErrors,
      unanswered: pipeline.unanswered,
      otherAnswers: pipeline.otherAnswers,
      achievedRate: pipeline.achievedRate,
      latencyMs: { p50: pipeline.latency.p50, p99: pipeline.latency.p99, max: pipeline.latency.max },
      latencyAllSentMs: { p50: pipeline.latencyAllSent.p50, p99: pipeline.latencyAllSent.p99, max: pipeline.latencyAllSent.max },
      rawKafkaMs: { p50: pipeline.rawKafka.latency.p50, p99: pipeline.rawKafka.latency.p99, max: pipeline.rawKafka.latency.max, lost: pipeline.rawKafka.lost },
      ratioP99: pipeline.ratioP99,
      ratioP99Routed: pipeline.ratioP99Routed,
      target: pipeline.target,
      cpuMsPerComplaint: pipeline.cpuMsPerComplaint,
      brokerCpuMsPerComplaint: pipeline.brokerCpuMsPerComplaint,
      idleCpuMsPerSecond: pipeline.idleCpuMsPerSecond,
      idleTransactionsPerSecond: pipeline.idleTransactionsPerSecond,
      dbPerComplaint: pipeline.dbPerComplaint,
      hostBusyPercent: pipeline.hostBusyPercent,
      segmentsP50: Object.fromEntries(Object.entries(pipeline.segments).map(([name, segment]) => [name, segment.p50])),
      segmentsP99: Object.fromEntries(Object.entries(pipeline.segments).map(([name, segment]) => [name, segment.p99])),
    },
    registration: registration && {
      namespace: registration.namespace,
      settings: registration.settings,
      registered: registration.registered,
      failed: registration.failed,
      failures: registration.failures,
      registrationsPerSecond: registration.registrationsPerSecond,
      latencyMs: { p50: registration.latency.p50, p99: registration.latency.p99, max: registration.latency.max },
      rawInsertsPerSecond: registration.raw.insertsPerSecond,
      rawLatencyMs: { p50: registration.raw.latency.p50, p99: registration.raw.latency.p99 },
      ratioToRaw: registration.ratioToRaw,
      cpuMsPerRegistration: registration.cpuMsPerRegistration,
      hostBusyPercent: registration.hostBusyPercent,
      kafka: registration.kafka,
      targets: registration.targets,
    },
    errors,
  };
  say('');
  say(JSON.stringify(summary));
  if (errors.length > 0) process.exitCode = 1;
};

/** Other work on the machine moves every CPU-bound figure: say how busy it was before we started. */
const hostLoad = async (): Promise<{ loadAverage1m: number; busyPercent: number | null }> => {
  const before = hostCpu();
  await sleep(2_000);
  const busy = hostBusyShare(before, hostCpu());
  return { loadAverage1m: round(loadavg()[0], 2), busyPercent: busy === null ? null : round(busy * 100, 1) };
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
