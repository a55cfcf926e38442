/**
 * Registrations per second through the intake API: the intake service launched as its own process
 * (HTTP, real PostgreSQL, Kafka transport: its relay publishes every registration to
 * `${ns}.intake.events.v1`), driven closed-loop by 32 concurrent front desks for 30 s, each
 * registering a walk-in complaint with a name and a phone number (so the personal-data store, the
 * repeat index and the case-number counter all do their work). For scale, in the same run and on the
 * same PostgreSQL: the raw single-row INSERT rate of a row of the same size, at the same concurrency.
 * Every loop is bounded in count and time; the run's database and topics are removed after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { topicOf } from '@mallcare/contracts';
import { generateSigningJwk, publicKeySetOf, SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { patchKafkaRequestQueue } from '@mallcare/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { hostBusyShare, hostCpu, processTreeCpuMicros, processTable } from './cpu';
import { registerComplaintBody } from './payload';
import { createDatabase, dropDatabase } from './postgres';
import { envInt, formatLatency, nowMs, round, say, sleep, summarize, type LatencySummary } from './stats';
import { deleteNamespaceTopics, deskTokens, freePort } from './harness';

// The bench's own kafkajs as the services run it: without kafkajs' 1 ms timer loop on every idle connection.
patchKafkaRequestQueue();

const root = resolve(__dirname, '..', '..');

export interface RegistrationSettings {
  concurrency: number;
  durationSeconds: number;
  maxRequests: number;
  rawSeconds: number;
  warmupSeconds: number;
  malls: number;
}

export const registrationSettings = (): RegistrationSettings => ({
  concurrency: envInt('BENCH_CONCURRENCY', 32, 1, 512),
  durationSeconds: envInt('BENCH_DURATION_S', 30, 1, 600),
  maxRequests: envInt('BENCH_MAX_REQUESTS', 200_000, 1, 2_000_000),
  rawSeconds: envInt('BENCH_RAW_S', 10, 1, 120),
  warmupSeconds: envInt('BENCH_WARMUP_S', 3, 0, 60),
  malls: envInt('BENCH_MALLS', SAMPLE_GROUP_POLICY.malls.length, 1, SAMPLE_GROUP_POLICY.malls.length),
});

export interface RegistrationSummary {
  settings: RegistrationSettings;
  namespace: string;
  registered: number;
  failed: number;
  failures: Record<string, number>;
  registrationsPerSecond: number;
  latency: LatencySummary;
  raw: { inserts: number; insertsPerSecond: number; latency: LatencySummary };
  ratioToRaw: number;
  /** CPU per registration, ms, by process (intake, PostgreSQL, this bench's HTTP clients). */
  cpuMsPerRegistration: Record<string, number> | null;
  hostBusyPercent: number | null;
  /** The relay: events on intake's topic when the load ended and how long until all were there. */
  kafka: { eventsStored: number; eventsOnTopic: number; caughtUpSecondsAfterLoad: number | null };
  targets: { registrationsPerSecond: number; ratioToRaw: number; p99Ms: number; met: { rate: boolean; ratio: boolean; p99: boolean } };
  logFile: string;
}

const tail = (file: string, lines = 30): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

const launchIntake = (env: Record<string, string>, logFile: string): ChildProcess => {
  const fd = openSync(logFile, 'a');
  // BENCH_INTAKE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to see where intake's time goes.
  const nodeArgs = (process.env.BENCH_INTAKE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'services', 'intake', 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return child;
};

const stopIntake = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null) return;
  await new Promise<void>((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
};

const waitReady = async (baseUrl: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`intake exited with ${child.exitCode}; log tail:\n${tail(logFile)}`);
    if (await fetch(`${baseUrl}/health/ready`).then((response) => response.ok, () => false)) return;
    await sleep(300);
  }
  throw new Error(`intake not ready within ${timeoutMs / 1000} s; log tail:\n${tail(logFile)}`);
};

interface Answer {
  status: number | null;
  error: string | null;
}

const post = (agent: Agent, port: number, token: string, body: string): Promise<Answer> =>
  new Promise((done) => {
    const call = request(
      { host: '127.0.0.1', port, path: '/complaints', method: 'POST', agent, timeout: 30_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          done({ status: response.statusCode ?? null, error: response.statusCode === 201 ? null : `${response.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 120)}` }),
        );
      },
    );
    call.on('timeout', () => call.destroy(new Error('no answer in 30 s')));
    call.on('error', (error) => done({ status: null, error: error.message }));
    call.end(body);
  });

/** A realistic walk-in with a reporter and a phone number, each one a different person. */
const registrationBody = (i: number, mallId: string, runTag: string): string =>
  JSON.stringify({ ...registerComplaintBody(i, mallId), reporterName: `顾客${i}`, contactPhone: `139${String((Number.parseInt(runTag, 16) + i) % 100_000_000).padStart(8, '0')}` });

interface LoadResult {
  latencies: number[];
  failures: Map<string, number>;
  seconds: number;
}

/** Closed loop: `concurrency` desks each send their next registration as soon as the last was answered. */
const closedLoop = async (concurrency: number, seconds: number, maxRequests: number, send: (i: number, desk: number) => Promise<Answer>): Promise<LoadResult> => {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  const started = nowMs();
  const endAt = started + seconds * 1000;
  const desk = async (_: unknown, deskIndex: number) => {
    while (nowMs() < endAt && next < maxRequests) {
      const i = next++;
      const sentAt = nowMs();
      const answer = await send(i, deskIndex);
      if (answer.error === null) latencies.push(nowMs() - sentAt);
      else {
        const kind = answer.error.replace(/[0-9a-f-]{36}/g, '<id>').slice(0, 100);
        failures.set(kind, (failures.get(kind) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, desk));
  return { latencies, failures, seconds: (nowMs() - started) / 1000 };
};

/** The yardstick: single-row INSERTs (autocommit, one row per statement) of the same size, same concurrency. */
const rawInserts = async (databaseUrl: string, settings: RegistrationSettings): Promise<RegistrationSummary['raw']> => {
  const setup = new Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query('CREATE TABLE bench_raw_registrations (id uuid PRIMARY KEY, mall_id text NOT NULL, body jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())');
  await setup.end();
  const clients = await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  try {
    const malls = SAMPLE_GROUP_POLICY.malls.slice(0, settings.malls).map((mall) => mall.id);
    const result = await closedLoop(settings.concurrency, settings.rawSeconds, settings.maxRequests, async (i, desk) => {
      const client = clients[desk];
      const mallId = malls[i % malls.length];
      try {
        await client.query({ name: 'raw-insert', text: 'INSERT INTO bench_raw_registrations (id, mall_id, body) VALUES ($1, $2, $3)', values: [randomUUID(), mallId, registrationBody(i, mallId, '0')] });
        return { status: 201, error: null };
      } catch (error) {
        return { status: null, error: error instanceof Error ? error.message : String(error) };
      }
    });
    const latency = summarize(result.latencies);
    return { inserts: result.latencies.length, insertsPerSecond: round(result.latencies.length / result.seconds, 1), latency };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
};

const topicEvents = async (kafka: Kafka, topic: string): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
};

const storedEvents = async (databaseUrl: string): Promise<number> => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) AS count FROM intake.events');
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
};

const cpuOf = (intakePid: number | null, postmasterPid: number | null): Record<string, number> | null => {
  const table = processTable();
  if (!table || intakePid === null) return null;
  const own = process.cpuUsage();
  return {
    intake: table.find((entry) => entry.pid === intakePid)?.cpuMicros ?? 0,
    postgres: processTreeCpuMicros(postmasterPid, table) ?? 0,
    bench: own.user + own.system,
  };
};

export const runRegistrationBench = async (serverUrl: string, brokers: string[], postmasterPid: number | null): Promise<RegistrationSummary> => {
  const settings = registrationSettings();
  const namespace = `bench-${randomBytes(4).toString('hex')}`;
  say(`\n== Registrations through the intake API (HTTP, PostgreSQL, Kafka transport) ==`);
  say(
    `Kafka ${brokers.join(',')}, namespace ${namespace}; ${settings.concurrency} concurrent desks for ${settings.durationSeconds} s ` +
      `(bounded: ${settings.maxRequests} requests), ${settings.warmupSeconds} s warm-up, ${settings.malls} malls; raw INSERTs for ${settings.rawSeconds} s`,
  );
  const database = await createDatabase(serverUrl, 'bench_registration');
  const logFile = join(tmpdir(), `mallcare-${namespace}-intake.log`);
  const signingJwk = generateSigningJwk();
  const port = process.env.BENCH_PORT_BASE ? Number(process.env.BENCH_PORT_BASE) + 1 : await freePort();
  const kafka = new Kafka({ clientId: `mallcare-bench-${namespace}`, brokers, logLevel: logLevel.WARN });
  const intake = launchIntake(
    {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_NAMESPACE: namespace,
      AUTH_JWKS: JSON.stringify(publicKeySetOf([signingJwk])),
      THROTTLE_LIMIT: '0',
      INTAKE_PII_MASTER_KEY: randomBytes(32).toString('base64'),
      PORT: String(port),
      ...Object.fromEntries(['DB_POOL_SIZE', 'LOG_FORMAT', 'KAFKA_PARTITIONS'].filter((name) => process.env[name]).map((name) => [name, process.env[name] ?? ''])),
    },
    logFile,
  );
  try {
    const started = nowMs();
    await waitReady(`http://127.0.0.1:${port}`, intake, 120_000, logFile);
    say(`intake ready on port ${port} after ${((nowMs() - started) / 1000).toFixed(1)} s (pid ${intake.pid}), log ${logFile}`);

    // The yardstick first, with intake up and idle, on the same PostgreSQL.
    const raw = await rawInserts(database.url, settings);
    say(`raw single-row INSERT, ${settings.concurrency} connections: ${raw.insertsPerSecond}/s   ${formatLatency(raw.latency)}`);

    const agent = new Agent({ keepAlive: true, maxSockets: settings.concurrency * 2 });
    const desks = deskTokens(signingJwk, settings.malls);
    const runTag = randomBytes(3).toString('hex');
    const send = (i: number) => {
      const desk = desks[i % desks.length];
      return post(agent, port, desk.token, registrationBody(i, desk.mallId, runTag));
    };
    let offset = 0;
    if (settings.warmupSeconds > 0) {
      const warm = await closedLoop(settings.concurrency, settings.warmupSeconds, settings.maxRequests, (i) => send(i));
      offset = warm.latencies.length + [...warm.failures.values()].reduce((sum, count) => sum + count, 0);
      say(`warm-up: ${warm.latencies.length} registered, ${offset - warm.latencies.length} failed`);
    }
    const cpuBefore = cpuOf(intake.pid ?? null, postmasterPid);
    const hostBefore = hostCpu();
    const load = await closedLoop(settings.concurrency, settings.durationSeconds, settings.maxRequests, (i) => send(offset + i));
    const cpuAfter = cpuOf(intake.pid ?? null, postmasterPid);
    const hostBusy = hostBusyShare(hostBefore, hostCpu());
    agent.destroy();
    const loadEndedAt = nowMs();

    const registered = load.latencies.length;
    const failed = [...load.failures.values()].reduce((sum, count) => sum + count, 0);
    const latency = summarize(load.latencies);
    const registrationsPerSecond = round(registered / load.seconds, 1);
    const ratioToRaw = round(registrationsPerSecond / raw.insertsPerSecond, 3);
    const cpuMsPerRegistration =
      cpuBefore && cpuAfter && registered > 0
        ? Object.fromEntries(Object.keys(cpuAfter).map((name) => [name, round((cpuAfter[name] - cpuBefore[name]) / 1000 / registered, 2)]))
        : null;

    // The relay publishes what the registrations stored: wait (bounded) until the topic holds it all.
    const eventsStored = await storedEvents(database.url);
    const topic = topicOf('intake', namespace);
    let eventsOnTopic = await topicEvents(kafka, topic);
    let caughtUp: number | null = eventsOnTopic >= eventsStored ? 0 : null;
    const relayDeadline = nowMs() + 60_000;
    while (caughtUp === null && nowMs() < relayDeadline) {
      await sleep(250);
      eventsOnTopic = await topicEvents(kafka, topic);
      if (eventsOnTopic >= eventsStored) caughtUp = round((nowMs() - loadEndedAt) / 1000, 1);
    }

    say(
      `intake API: ${registrationsPerSecond} registrations/s over ${load.seconds.toFixed(1)} s (${registered} registered, ${failed} failed)   ${formatLatency(latency)}`,
    );
    for (const [kind, count] of [...load.failures.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3)) say(`  failed ×${count}: ${kind}`);
    say(`ratio to raw INSERTs: ${registrationsPerSecond} / ${raw.insertsPerSecond} = ${ratioToRaw}`);
    if (cpuMsPerRegistration) say(`CPU per registration (ms): ${Object.entries(cpuMsPerRegistration).map(([name, ms]) => `${name} ${ms}`).join(', ')}; host busy ${hostBusy === null ? '?' : round(hostBusy * 100, 1)}%`);
    say(`Kafka: ${eventsOnTopic} of ${eventsStored} stored events on ${topic}${caughtUp === null ? ' (relay NOT caught up within 60 s)' : `, caught up ${caughtUp} s after the load`}`);
    const met = { rate: registrationsPerSecond >= 1_000, ratio: ratioToRaw >= 0.3, p99: latency.p99 < 100 };
    say(
      `targets: ≥ 1,000/s ${met.rate ? 'met' : 'MISSED'}; ≥ 0.3× raw ${met.ratio ? 'met' : 'MISSED'}; p99 < 100 ms ${met.p99 ? 'met' : 'MISSED'} (${latency.p99.toFixed(1)} ms)`,
    );
    return {
      settings,
      namespace,
      registered,
      failed,
      failures: Object.fromEntries(load.failures),
      registrationsPerSecond,
      latency,
      raw,
      ratioToRaw,
      cpuMsPerRegistration,
      hostBusyPercent: hostBusy === null ? null : round(hostBusy * 100, 1),
      kafka: { eventsStored, eventsOnTopic, caughtUpSecondsAfterLoad: caughtUp },
      targets: { registrationsPerSecond: 1_000, ratioToRaw: 0.3, p99Ms: 100, met },
      logFile,
    };
  } finally {
    await stopIntake(intake);
    await deleteNamespaceTopics(kafka, namespace);
    await dropDatabase(serverUrl, database.name).catch(() => undefined);
  }
};
