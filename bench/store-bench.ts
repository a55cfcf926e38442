/**
 * Event store append rate: N concurrent writers, each on its own stream, each doing single-event
 * appends of a ComplaintRegistered-shaped event, against
 *   ours   – @mallcare/event-store PostgresEventStore.append (one INSERT…SELECT, UNIQUE(stream, position))
 *   raw    – a single-row INSERT of the same JSON document into a bare table with a jsonb column
 *   emmett – @event-driven-io/emmett-postgresql appendToStream (its own emt_* tables, same database)
 * Every run is its own child process (fresh pool, fresh JIT, no shared pg type parsers: dumbo, under
 * emmett, replaces pg's global json/jsonb parsers), with the same pool size as writers. Before each
 * run the database is vacuumed and checkpointed, so that no run inherits another's autovacuum debt
 * or pays for a checkpoint (full-page writes) the others did not.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { LogNotifications, PostgresEventStore, createServiceDataSource, migrateServiceSchema, type AppendContext } from '@mallcare/event-store';
import { Client, Pool } from 'pg';
import { hostBusyShare, hostCpu, processTreeCpuMicros } from './cpu';
import { registeredData, type RegisteredData } from './payload';
import { envInt, median, nowMs, pad, round, say, summarize, type LatencySummary } from './stats';
import { createDatabase, dropDatabase } from './postgres';

export const CONTENDERS = ['ours', 'raw', 'emmett'] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface StoreBenchSettings {
  writers: number;
  appendsPerWriter: number;
  warmupPerWriter: number;
  rounds: number;
  /** Upper bound on one measured run; writers stop early past it and the run reports what it did. */
  maxRunSeconds: number;
}

export const storeBenchSettings = (): StoreBenchSettings => ({
  writers: envInt('BENCH_WRITERS', 32, 1, 200),
  appendsPerWriter: envInt('BENCH_APPENDS', 300, 1, 100_000),
  warmupPerWriter: envInt('BENCH_WARMUP', 30, 0, 10_000),
  rounds: envInt('BENCH_ROUNDS', 5, 1, 20),
  maxRunSeconds: envInt('BENCH_STORE_MAX_S', 120, 1, 3_600),
});

export interface StoreRunResult {
  contender: Contender;
  events: number;
  failed: number;
  seconds: number;
  eventsPerSecond: number;
  appendLatency: LatencySummary;
  payloadBytes: number;
  truncated: boolean;
  /** CPU time of the writing Node process (user+system) per event, during the measured part. */
  clientCpuMicrosPerEvent: number;
  /** CPU time of the PostgreSQL server (postmaster and all its processes) per event; null for an external server. */
  serverCpuMicrosPerEvent: number | null;
  /** Share of the whole host's CPU that was busy during the measured part (anyone's work). */
  hostBusyPercent: number | null;
}

export interface StoreBenchSummary {
  settings: StoreBenchSettings;
  runs: (StoreRunResult & { round: number })[];
  medianEventsPerSecond: Record<Contender, number>;
  medianClientCpuMicrosPerEvent: Record<Contender, number>;
  medianServerCpuMicrosPerEvent: Record<Contender, number | null>;
  ratios: { oursOverEmmett: number; oursOverRaw: number };
  targets: { oursOverEmmett: { target: number; met: boolean }; oursOverRaw: { target: number; met: boolean } };
}

const OUR_SCHEMA = 'intake';
const RAW_SCHEMA = 'bench_raw';

/** Runs the rounds (alternating order), each contender in its own process. */
export const runStoreBench = async (serverUrl: string, postmasterPid: number | null): Promise<StoreBenchSummary> => {
  const settings = storeBenchSettings();
  say(`\n== Event store append rate ==`);
  say(
    `${settings.writers} writers on distinct streams × ${settings.appendsPerWriter} single-event appends (after ${settings.warmupPerWriter} warm-up appends each), ` +
      `pool of ${settings.writers}, ${settings.rounds} rounds, order alternating; VACUUM + CHECKPOINT before each run`,
  );
  const database = await createDatabase(serverUrl, 'bench_store');
  try {
    await prepareSchemas(database.url);
    const runs: (StoreRunResult & { round: number })[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      const order = round % 2 === 1 ? [...CONTENDERS] : [...CONTENDERS].reverse();
      for (const contender of order) {
        await settle(database.url);
        const result = await runWorker(contender, database.url, postmasterPid);
        runs.push({ ...result, round });
        say(
          `  round ${round}  ${contender.padEnd(6)} ${pad(result.eventsPerSecond.toFixed(0), 6)} events/s  ` +
            `(${result.events} events in ${result.seconds.toFixed(2)} s; append p50 ${result.appendLatency.p50.toFixed(1)} ms, ` +
            `p99 ${result.appendLatency.p99.toFixed(1)} ms; CPU/event client ${result.clientCpuMicrosPerEvent.toFixed(0)} µs` +
            `${result.serverCpuMicrosPerEvent === null ? '' : `, server ${result.serverCpuMicrosPerEvent.toFixed(0)} µs`}` +
            `${result.hostBusyPercent === null ? '' : `; host busy ${result.hostBusyPercent.toFixed(0)}%`}; payload ${result.payloadBytes} B` +
            `${result.failed > 0 ? `; ${result.failed} FAILED` : ''}${result.truncated ? '; stopped at time bound' : ''})`,
        );
      }
    }
    const medianOf = (pick: (run: StoreRunResult) => number | null, digits: number) =>
      Object.fromEntries(
        CONTENDERS.map((contender) => {
          const values = runs.filter((r) => r.contender === contender).flatMap((r) => {
            const value = pick(r);
            return value === null ? [] : [value];
          });
          return [contender, values.length > 0 ? round(median(values), digits) : null];
        }),
      );
    const medianEventsPerSecond = medianOf((r) => r.eventsPerSecond, 1) as Record<Contender, number>;
    const medianClientCpuMicrosPerEvent = medianOf((r) => r.clientCpuMicrosPerEvent, 0) as Record<Contender, number>;
    const medianServerCpuMicrosPerEvent = medianOf((r) => r.serverCpuMicrosPerEvent, 0) as Record<Contender, number | null>;
    const ratios = {
      oursOverEmmett: round(medianEventsPerSecond.ours / medianEventsPerSecond.emmett, 3),
      oursOverRaw: round(medianEventsPerSecond.ours / medianEventsPerSecond.raw, 3),
    };
    const targets = {
      oursOverEmmett: { target: 1.0, met: ratios.oursOverEmmett >= 1.0 },
      oursOverRaw: { target: 0.6, met: ratios.oursOverRaw >= 0.6 },
    };
    say(`  median events/s: ours ${medianEventsPerSecond.ours}, raw INSERT ${medianEventsPerSecond.raw}, emmett ${medianEventsPerSecond.emmett}`);
    say(
      `  median CPU µs/event (client${postmasterPid === null ? '' : ' + server'}): ` +
        CONTENDERS.map(
          (c) => `${c} ${medianClientCpuMicrosPerEvent[c]}${medianServerCpuMicrosPerEvent[c] === null ? '' : ` + ${medianServerCpuMicrosPerEvent[c]}`}`,
        ).join(', '),
    );
    say(`  ours/emmett = ${ratios.oursOverEmmett.toFixed(2)}  (target ≥ 1.0: ${targets.oursOverEmmett.met ? 'met' : 'MISSED'})`);
    say(`  ours/raw    = ${ratios.oursOverRaw.toFixed(2)}  (target ≥ 0.6: ${targets.oursOverRaw.met ? 'met' : 'MISSED'})`);
    return { settings, runs, medianEventsPerSecond, medianClientCpuMicrosPerEvent, medianServerCpuMicrosPerEvent, ratios, targets };
  } finally {
    await dropDatabase(serverUrl, database.name).catch(() => undefined);
  }
};

const prepareSchemas = async (url: string): Promise<void> => {
  const dataSource = createServiceDataSource({ url, schema: OUR_SCHEMA, poolSize: 2, applicationName: 'bench-prepare' });
  await dataSource.initialize();
  try {
    await migrateServiceSchema(dataSource, OUR_SCHEMA);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${RAW_SCHEMA}`);
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS ${RAW_SCHEMA}.events (
         id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         stream_id text NOT NULL,
         data jsonb NOT NULL
       )`,
    );
  } finally {
    await dataSource.destroy();
  }
};

/** Outside the measured part: no autovacuum debt and no pending checkpoint carried into the next run. Best effort (CHECKPOINT needs a privileged role). */
const settle = async (url: string): Promise<void> => {
  const client = new Client({ connectionString: url, application_name: 'bench-settle' });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
    await client.query('CHECKPOINT').catch(() => undefined);
  } finally {
    await client.end();
  }
};

const runWorker = (contender: Contender, url: string, postmasterPid: number | null): Promise<StoreRunResult> =>
  new Promise((resolve, reject) => {
    const settings = storeBenchSettings();
    const child = fork(join(__dirname, 'run.js'), ['--store-worker', contender], {
      env: { ...process.env, BENCH_STORE_URL: url, BENCH_PG_PID: postmasterPid === null ? '' : String(postmasterPid) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: StoreRunResult | null = null;
    const killer = setTimeout(() => child.kill('SIGKILL'), (settings.maxRunSeconds + 120) * 1000);
    child.on('message', (message) => {
      result = message as StoreRunResult;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      if (result && code === 0) resolve(result);
      else reject(new Error(`store worker ${contender} exited with ${signal ?? code} without a result`));
    });
  });

interface Appender {
  /** Bytes of the JSON stored per event (the jsonb payload). */
  payloadBytes: number;
  append(streamUuid: string, version: number, sequence: number): Promise<void>;
  close(): Promise<void>;
}

const contextFor = (complaintId: string): AppendContext => ({
  complaintId,
  mallId: 'SH01',
  actor: { type: 'staff', id: 'front-desk' },
  correlationId: complaintId,
  causationId: null,
});

const sampleDocument = (data: RegisteredData, complaintId: string) => {
  const { actor, correlationId, causationId } = contextFor(complaintId);
  return {
    eventId: randomUUID(),
    type: 'ComplaintRegistered',
    schemaVersion: 1,
    data,
    occurredAt: data.receivedAt,
    metadata: { actor, correlationId, causationId },
  };
};

const oursAppender = async (url: string, poolSize: number): Promise<Appender> => {
  const dataSource = createServiceDataSource({ url, schema: OUR_SCHEMA, poolSize, applicationName: 'bench-ours' });
  await dataSource.initialize();
  const store = new PostgresEventStore(dataSource, 'intake', OUR_SCHEMA);
  // As in a service: its appends are announced to the other processes after each commit.
  const notifications = new LogNotifications({ connectionString: url, application_name: 'bench-ours' }, (message) => console.warn(message));
  await notifications.start();
  return {
    payloadBytes: Buffer.byteLength(JSON.stringify(sampleDocument(registeredData(0), randomUUID()))),
    append: async (streamUuid, version, sequence) => {
      await store.append(`complaint-${streamUuid}`, [{ type: 'ComplaintRegistered', data: registeredData(sequence) }], contextFor(streamUuid), version);
    },
    close: async () => {
      await notifications.stop();
      await dataSource.destroy();
    },
  };
};

const rawAppender = async (url: string, poolSize: number): Promise<Appender> => {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'bench-raw' });
  return {
    payloadBytes: Buffer.byteLength(JSON.stringify(sampleDocument(registeredData(0), randomUUID()))),
    append: async (streamUuid, _version, sequence) => {
      await pool.query(`INSERT INTO ${RAW_SCHEMA}.events (stream_id, data) VALUES ($1, $2)`, [
        `complaint-${streamUuid}`,
        JSON.stringify(sampleDocument(registeredData(sequence), streamUuid)),
      ]);
    },
    close: () => pool.end(),
  };
};

type EmmettMetadata = {
  actor: { type: string; id: string };
  correlationId: string;
  causationId: string | null;
};

const emmettAppender = async (url: string, poolSize: number): Promise<Appender> => {
  // Loaded only here: dumbo swaps pg's global json/jsonb type parsers when its pool is made.
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  type Registered = import('@event-driven-io/emmett').Event<'ComplaintRegistered', RegisteredData, EmmettMetadata>;
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'bench-emmett' });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });
  await store.schema.migrate();
  const event = (streamUuid: string, sequence: number): Registered => {
    const { actor, correlationId, causationId } = contextFor(streamUuid);
    return { type: 'ComplaintRegistered', data: registeredData(sequence), metadata: { actor, correlationId, causationId } };
  };
  const sample = event(randomUUID(), 0);
  return {
    payloadBytes: Buffer.byteLength(JSON.stringify(sample.data)) + Buffer.byteLength(JSON.stringify({ ...sample.metadata, messageId: randomUUID() })),
    append: async (streamUuid, version, sequence) => {
      await store.appendToStream<Registered>(`complaint-${streamUuid}`, [event(streamUuid, sequence)], {
        expectedStreamVersion: BigInt(version),
      });
    },
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
};

/** In the child process: set up, warm up, measure, report over IPC. */
export const storeWorkerMain = async (contender: Contender): Promise<void> => {
  const url = process.env.BENCH_STORE_URL;
  if (!url) throw new Error('BENCH_STORE_URL is not set');
  const settings = storeBenchSettings();
  const make = { ours: oursAppender, raw: rawAppender, emmett: emmettAppender }[contender];
  const appender = await make(url, settings.writers);
  try {
    const writers = Array.from({ length: settings.writers }, (_, i) => i);
    // Warm-up: open every pooled connection, JIT the paths, on streams of their own.
    await Promise.all(
      writers.map(async (writer) => {
        const stream = randomUUID();
        for (let version = 0; version < settings.warmupPerWriter; version++) await appender.append(stream, version, writer + version);
      }),
    );
    const latencies: number[] = [];
    let failed = 0;
    let truncated = false;
    const postmasterPid = process.env.BENCH_PG_PID ? Number(process.env.BENCH_PG_PID) : null;
    const serverBefore = processTreeCpuMicros(postmasterPid);
    const hostBefore = hostCpu();
    const cpuBefore = process.cpuUsage();
    const start = nowMs();
    const deadline = start + settings.maxRunSeconds * 1000;
    await Promise.all(
      writers.map(async (writer) => {
        const stream = randomUUID();
        for (let version = 0; version < settings.appendsPerWriter; version++) {
          if (nowMs() > deadline) {
            truncated = true;
            return;
          }
          const began = nowMs();
          try {
            await appender.append(stream, version, writer * settings.appendsPerWriter + version);
            latencies.push(nowMs() - began);
          } catch (error) {
            failed++;
            if (failed <= 3) process.stderr.write(`[${contender}] append failed: ${error instanceof Error ? error.message : String(error)}\n`);
            return;
          }
        }
      }),
    );
    const seconds = (nowMs() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverAfter = processTreeCpuMicros(postmasterPid);
    const hostBusy = hostBusyShare(hostBefore, hostCpu());
    const events = Math.max(1, latencies.length);
    const result: StoreRunResult = {
      contender,
      events: latencies.length,
      failed,
      seconds: round(seconds, 3),
      eventsPerSecond: round(latencies.length / seconds, 1),
      appendLatency: summarize(latencies),
      payloadBytes: appender.payloadBytes,
      truncated,
      clientCpuMicrosPerEvent: round((cpu.user + cpu.system) / events, 1),
      serverCpuMicrosPerEvent: serverBefore === null || serverAfter === null ? null : round((serverAfter - serverBefore) / events, 1),
      hostBusyPercent: hostBusy === null ? null : round(hostBusy * 100, 1),
    };
    await new Promise<void>((resolve, reject) => process.send?.(result, (error: Error | null) => (error ? reject(error) : resolve())));
  } finally {
    await appender.close();
  }
};
