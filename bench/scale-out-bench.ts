/**
 * Throughput with 1 and 2 instances of every service: the whole system as `npm start` runs it
 * (dist/scripts/launch.js: its own embedded PostgreSQL, the gateway, MALLCARE_INSTANCES processes of
 * each service, events over Kafka under a namespace of the run's own), the same bounded load of
 * registrations through the gateway for each, measured in the same run:
 * - accepted/s: registrations answered 201 per second of the load (the HTTP side: gateway + intake);
 * - completed/s: registrations whose downstream work is done (routed, clocks started, case path in
 *   analytics) per second from the load's start to the last one done (the event side).
 * Rounds alternate 1, 2, 2, 1, … so a change in the host's load falls on both.
 *
 *   npm run build && KAFKA_BROKERS=127.0.0.1:19092 node dist/bench/scale-out-bench.js
 *   env: BENCH_REGISTRATIONS (300 per round), BENCH_DESKS (16 concurrent clients), BENCH_ROUNDS (2: one
 *        pair), BENCH_MAX_S (900: the whole run stops there), KAFKA_PARTITIONS (4)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
// The tests' load (idempotency keys, retries on 502/503/504, bounded) and port picker, compiled in with the bench.
import { runRegistrationLoad } from '../test/support/registration-load';
import { envInt, median, round, say, sleep } from './stats';
import { freePort } from './harness';

const root = resolve(__dirname, '..', '..');
const settings = {
  brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
  registrations: envInt('BENCH_REGISTRATIONS', 300, 10, 20_000),
  desks: envInt('BENCH_DESKS', 16, 1, 128),
  rounds: envInt('BENCH_ROUNDS', 2, 2, 10),
  maxSeconds: envInt('BENCH_MAX_S', 900, 60, 3_600),
  partitions: envInt('KAFKA_PARTITIONS', 4, 1, 64),
};
const deadline = Date.now() + settings.maxSeconds * 1_000;
const left = () => deadline - Date.now();

interface System {
  baseUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

const startSystem = async (instances: number, namespace: string): Promise<System> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mallcare-scale-bench-'));
  chmodSync(dataDir, 0o755);
  const pgPort = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist', 'scripts', 'launch.js')], {
    cwd: root,
    env: {
      ...process.env,
      LOG_FORMAT: 'json',
      MALLCARE_DATA: dataDir,
      MALLCARE_PG_PORT: String(pgPort),
      MALLCARE_PORT_BASE: String(33000 - 60 - Math.floor(Math.random() * 200) * 12),
      MALLCARE_INSTANCES: String(instances),
      KAFKA_BROKERS: settings.brokers,
      KAFKA_NAMESPACE: namespace,
      KAFKA_PARTITIONS: String(settings.partitions),
      NODE_COMPILE_CACHE: join(tmpdir(), 'mallcare-bench-compile-cache'),
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (;;) {
    const match = /ready — base URL: (http:\/\/\S+)/.exec(log);
    if (match) {
      const { password } = JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')) as { password: string };
      return { baseUrl: match[1], databaseUrl: `postgres://postgres:${password}@127.0.0.1:${pgPort}/mallcare`, stop };
    }
    if (child.exitCode !== null || left() < 0) {
      await stop();
      throw new Error(`the system with ${instances} instance(s) did not get ready:\n${log.slice(-3000)}`);
    }
    await sleep(200);
  }
};

/** How many of `ids` are done downstream: routed, clocks started, case path projected. */
const doneCount = async (db: Client, ids: string[]): Promise<number> => {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM unnest($1::uuid[]) AS id
      WHERE EXISTS (SELECT 1 FROM routing.events e WHERE e.complaint_id = id AND e.event_type = 'CaseRouted')
        AND EXISTS (SELECT 1 FROM sla_monitor.events e WHERE e.complaint_id = id AND e.event_type = 'SlaClockStarted')
        AND EXISTS (SELECT 1 FROM analytics.case_paths p WHERE p.complaint_id = id)`,
    [ids],
  );
  return Number(rows[0].n);
};

interface Round {
  instances: number;
  accepted: number;
  acceptedPerSecond: number;
  completed: number;
  completedPerSecond: number;
  retries: number;
  failed: number;
}

const runRound = async (instances: number): Promise<Round> => {
  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  say(`— ${instances} instance(s) of every service: starting`);
  const system = await startSystem(instances, namespace);
  const db = new Client({ connectionString: system.databaseUrl });
  try {
    await db.connect();
    const token = (await (await fetch(`${system.baseUrl}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId: 'sh01-desk-1' }) })).json()) as { accessToken: string };
    const bearer = `Bearer ${token.accessToken}`;
    // Warm-up: every instance has served and consumed before the clock starts.
    const register = (keyPrefix: string, total: number) =>
      runRegistrationLoad({ total, concurrency: settings.desks, baseUrl: system.baseUrl, bearer, keyPrefix, deadlineMs: Math.max(0, left()) });
    const warm = [...(await register(`${namespace}-warm`, 8 * instances)).accepted.values()];
    while (left() > 0 && (await doneCount(db, warm)) < warm.length) await sleep(250);
    const started = Date.now();
    const load = await register(namespace, settings.registrations);
    const acceptedSeconds = (Date.now() - started) / 1_000;
    const ids = [...load.accepted.values()];
    let completed = 0;
    while (left() > 0 && (completed = await doneCount(db, ids)) < ids.length) await sleep(100);
    const completedSeconds = (Date.now() - started) / 1_000;
    const result: Round = {
      instances,
      accepted: ids.length,
      acceptedPerSecond: round2(ids.length / acceptedSeconds),
      completed,
      completedPerSecond: round2(completed / completedSeconds),
      retries: load.retries,
      failed: load.refused.size + load.unfinished.length,
    };
    say(`  accepted ${result.accepted} at ${result.acceptedPerSecond}/s, completed ${result.completed} at ${result.completedPerSecond}/s (retries ${result.retries}, failed ${result.failed})`);
    return result;
  } finally {
    await db.end().catch(() => undefined);
    await system.stop();
  }
};

const round2 = (value: number) => round(value, 2);

const main = async () => {
  say(`scale-out bench: ${settings.registrations} registrations per round, ${settings.desks} desks, ${settings.partitions} partitions per topic, Kafka at ${settings.brokers}`);
  const order = Array.from({ length: settings.rounds }, (_, at) => ([1, 2, 2, 1] as const)[at % 4]);
  const rounds: Round[] = [];
  for (const instances of order) {
    if (left() < 60_000) {
      say(`stopped before the ${rounds.length + 1}th round: the run's bound (BENCH_MAX_S=${settings.maxSeconds}) is near`);
      break;
    }
    rounds.push(await runRound(instances));
  }
  const of = (instances: number, figure: 'acceptedPerSecond' | 'completedPerSecond') => round2(median(rounds.filter((r) => r.instances === instances).map((r) => r[figure])));
  const summary = {
    registrations: settings.registrations,
    desks: settings.desks,
    partitions: settings.partitions,
    rounds,
    oneInstance: { acceptedPerSecond: of(1, 'acceptedPerSecond'), completedPerSecond: of(1, 'completedPerSecond') },
    twoInstances: { acceptedPerSecond: of(2, 'acceptedPerSecond'), completedPerSecond: of(2, 'completedPerSecond') },
    ratio: {
      accepted: round2(of(2, 'acceptedPerSecond') / of(1, 'acceptedPerSecond')),
      completed: round2(of(2, 'completedPerSecond') / of(1, 'completedPerSecond')),
    },
    complete: rounds.every((r) => r.completed === settings.registrations && r.failed === 0),
  };
  say(JSON.stringify(summary));
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
