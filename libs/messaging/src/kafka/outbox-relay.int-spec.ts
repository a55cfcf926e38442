import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { topicOf, type ComplaintEvent, type NewEvent } from '@mallcare/contracts';
import {
  createServiceDataSource,
  LOG_START,
  loadCheckpoint,
  migrateServiceSchema,
  PostgresEventStore,
  type AppendContext,
  type LogPosition,
} from '@mallcare/event-store';
import { createTestDatabase, describeWithKafka, registeredV1, until, within, type TestDatabase } from '@mallcare/testing';
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { MessagingMetrics } from '../messaging.metrics';
import { connectTestBus, deleteTopics, recordsIn, testKafka, TopicReader, uniqueNamespace, type ReadMessage } from '../test-support/kafka';
import { KafkaEventBus, KafkaUnreachable } from './kafka-event-bus';

jest.setTimeout(120_000);

const RELAY = 'kafka-relay';
const TEST_SUPPORT = join(__dirname, '..', 'test-support');

interface Committed {
  eventId: string;
  complaintId: string;
  streamPosition: number;
}

const registered = (n: number): NewEvent =>
  registeredV1(n, { caseNumber: `SHA01-20250302-${String(n).padStart(4, '0')}`, channel: 'mobile-app', description: `relay test event ${n}`, receivedAt: '2025-03-02T10:00:00.000Z' });

const contextFor = (complaintId: string): AppendContext => ({
  complaintId,
  mallId: 'mall-sha-01',
  actor: { type: 'staff', id: 'desk-7' },
  correlationId: randomUUID(),
  causationId: null,
});

const eventIdOf = (message: ReadMessage): string => (JSON.parse(message.value) as ComplaintEvent).metadata.eventId;

/** How many times each event id is on the topic (as read by a consumer), in the order of `ids`. */
const countsOf = (messages: ReadMessage[], ids: string[]): number[] => {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(eventIdOf(message), (counts.get(eventIdOf(message)) ?? 0) + 1);
  return ids.map((id) => counts.get(id) ?? 0);
};

const countOf = (messages: ReadMessage[], eventId: string): number => countsOf(messages, [eventId])[0];

/** A producer process (test-support/append-then-hang.ts) and what it has said so far. */
interface ProducerProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describeWithKafka('Kafka outbox relay', (brokers) => {
  const namespace = uniqueNamespace();
  const topic = topicOf('intake', namespace);
  const namespaces = [namespace];
  let database: TestDatabase;
  let observer: DataSource;
  let kafka: Kafka;
  let admin: Admin;
  const dataSources: DataSource[] = [];
  const buses: KafkaEventBus[] = [];
  const readers: TopicReader[] = [];
  const children: ChildProcess[] = [];
  const relayLog: string[] = [];

  const openDataSource = async (schema: string, applicationName?: string): Promise<DataSource> => {
    const dataSource = createServiceDataSource({ url: database.url, schema, poolSize: 4, applicationName });
    dataSources.push(dataSource);
    await dataSource.initialize();
    return dataSource;
  };

  const connectRelay = async (dataSource: DataSource, options: { namespace?: string; brokers?: string[] } = {}) => {
    const registry = new Registry();
    const bus = await connectTestBus({
      brokers: options.brokers ?? brokers,
      namespace: options.namespace ?? namespace,
      service: 'intake',
      dataSource,
      metrics: new MessagingMetrics(registry),
      pollIntervalMs: 100,
      log: (message) => relayLog.push(message),
    });
    buses.push(bus);
    return { bus, registry };
  };

  const produced = async (registry: Registry): Promise<number> => {
    const metric = await registry.getSingleMetric('mallcare_events_produced_total')?.get();
    return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
  };

  /** The last event of `schema`'s log in log order: where a relay that published everything has its checkpoint. */
  const endOfLog = async (schema: string): Promise<LogPosition> => {
    const rows: { transaction_id: string; global_position: string }[] = await observer.query(
      `SELECT transaction_id::text AS transaction_id, global_position::text AS global_position
       FROM ${schema}.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position };
  };

  const relayCheckpointAtEnd = async (schema: string): Promise<boolean> => {
    const [checkpoint, last] = await Promise.all([loadCheckpoint(observer, schema, RELAY), endOfLog(schema)]);
    return checkpoint.transactionId === last.transactionId && checkpoint.globalPosition === last.globalPosition;
  };

  /**
   * application_name of each session holding the relay lock of `schema` (pg_advisory_lock(hashtext('mallcare-relay:<schema>')):
   * a bigint key, split by pg_locks into its high half, classid, and its low half, objid).
   */
  const relayLockHolders = async (schema: string): Promise<string[]> =>
    (
      await observer.query<{ application_name: string }[]>(
        `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid::text::bigint = (hashtext($1)::bigint >> 32) & 4294967295
           AND l.objid::text::bigint = hashtext($1)::bigint & 4294967295`,
        [`mallcare-relay:${schema}`],
      )
    ).map((row) => row.application_name);

  /** A relay leading `schema`'s log onto a topic of its own namespace, its first event published; `startStandby` starts a second instance's relay (its own pool). */
  const leaderPublishing = async (schema: string, leaderName: string, standbyName: string) => {
    const standbyNamespace = uniqueNamespace();
    namespaces.push(standbyNamespace);
    const standbyTopic = topicOf('intake', standbyNamespace);
    const leaderDataSource = await openDataSource(schema, leaderName);
    await migrateServiceSchema(leaderDataSource, schema);
    const standbyDataSource = await openDataSource(schema, standbyName);
    const leader = await connectRelay(leaderDataSource, { namespace: standbyNamespace });
    await leader.bus.publishOwnLog('intake', schema);
    const store = new PostgresEventStore(leaderDataSource, 'intake', schema);
    const append = async (n: number): Promise<string> => {
      const complaintId = randomUUID();
      return (await store.append(`complaint-${complaintId}`, [registered(n)], contextFor(complaintId), 0)).events[0].metadata.eventId;
    };
    const reader = await startReader(standbyTopic, standbyNamespace);
    const first = await append(1);
    await until('the leader to publish', () => countOf(reader.messages, first) === 1, 30_000);
    expect(await relayLockHolders(schema)).toEqual([leaderName]);
    const startStandby = async () => {
      const standby = await connectRelay(standbyDataSource, { namespace: standbyNamespace });
      await standby.bus.publishOwnLog('intake', schema);
      return standby;
    };
    return { standbyTopic, leader, append, reader, first, startStandby };
  };

  const startReader = async (name: string, ns = namespace): Promise<TopicReader> => {
    const reader = await TopicReader.start(kafka, name, ns);
    readers.push(reader);
    return reader;
  };

  /** Starts test-support/append-then-hang.ts as a real separate node process. */
  const spawnProducer = (env: Record<string, string>): ProducerProcess => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!env.RELAY_BROKERS) delete childEnv.RELAY_BROKERS;
    const child = spawn(process.execPath, ['-r', join(TEST_SUPPORT, 'register-ts.js'), join(TEST_SUPPORT, 'append-then-hang.ts')], {
      env: childEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    const lines: Record<string, unknown>[] = [];
    let pending = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, lines, stderr: () => stderr, exited };
  };

  const committedBy = (producer: ProducerProcess): { committed: Committed[]; pid: number } | undefined =>
    producer.lines.find((line) => 'committed' in line) as { committed: Committed[]; pid: number } | undefined;

  const waitForCommit = async (producer: ProducerProcess): Promise<{ committed: Committed[]; pid: number }> => {
    await until(
      'the producer process to report its commit',
      () => {
        if (producer.child.exitCode !== null) throw new Error(`producer exited with ${producer.child.exitCode}: ${producer.stderr()}`);
        return committedBy(producer) !== undefined;
      },
      45_000,
    );
    const report = committedBy(producer);
    if (!report) throw new Error('unreachable: the producer reported its commit');
    return report;
  };

  const kill = async (producer: ProducerProcess): Promise<void> => {
    expect(producer.child.kill('SIGKILL')).toBe(true);
    expect(await within('the producer process to die', producer.exited, 10_000)).toEqual({ code: null, signal: 'SIGKILL' });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    observer = await openDataSource('intake', 'relay-test-observer');
    await migrateServiceSchema(observer, 'intake');
    kafka = testKafka(brokers);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(readers.map((reader) => reader.stop()));
    await Promise.all(buses.map((bus) => within('a relay bus to close', bus.close(), 30_000).catch(() => undefined)));
    await deleteTopics(kafka, namespaces.map((ns) => topicOf('intake', ns)));
    await admin?.disconnect();
    await Promise.all(dataSources.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
    await database?.drop();
  });

  it('publishes the events of a producer SIGKILLed after its commit, before its relay ran, exactly once; a second restart republishes none', async () => {
    // A real producer process appends 4 complaints x 3 events, reports the commit and is SIGKILLed before any relay ran.
    const producer = spawnProducer({ DATABASE_URL: database.url, SCHEMA: 'intake', COMPLAINTS: '4', EVENTS_PER_COMPLAINT: '3' });
    const report = await waitForCommit(producer);
    expect(report.pid).toBe(producer.child.pid);
    await kill(producer);

    const committed = report.committed;
    const ids = committed.map((c) => c.eventId);
    expect(new Set(ids).size).toBe(12);
    const stored: { event_id: string }[] = await observer.query('SELECT event_id FROM intake.events ORDER BY global_position');
    expect(stored.map((row) => row.event_id)).toEqual(ids);
    // Committed but never published: no relay checkpoint, no topic yet.
    expect(await loadCheckpoint(observer, 'intake', RELAY)).toEqual(LOG_START);
    expect(await admin.listTopics()).not.toContain(topic);

    // The service restarts: its relay publishes from its checkpoint (the start of the log).
    const firstDataSource = await openDataSource('intake');
    const first = await connectRelay(firstDataSource);
    await first.bus.publishOwnLog('intake', 'intake');
    const reader = await startReader(topic);
    await until('all 12 committed events on the topic', () => countsOf(reader.messages, ids).every((n) => n >= 1), 30_000);
    await until('the relay checkpoint at the end of the log', () => relayCheckpointAtEnd('intake'));
    expect(countsOf(reader.messages, ids)).toEqual(ids.map(() => 1));
    expect(await recordsIn(kafka, topic)).toBe(12);
    expect(await produced(first.registry)).toBe(12);

    // Keyed by complaint: each complaint's events sit in one partition, in stream order, and say what they are.
    for (const complaintId of new Set(committed.map((c) => c.complaintId))) {
      const own = reader.messages.filter((m) => m.key === complaintId);
      expect(new Set(own.map((m) => m.partition)).size).toBe(1);
      const inOffsetOrder = [...own].sort((a, b) => a.offset - b.offset).map((m) => JSON.parse(m.value) as ComplaintEvent);
      expect(inOffsetOrder.map((event) => event.metadata.streamPosition)).toEqual([1, 2, 3]);
      expect(inOffsetOrder.map((event) => event.metadata.complaintId)).toEqual([complaintId, complaintId, complaintId]);
    }
    for (const message of reader.messages) {
      expect(message.headers).toEqual({ 'event-type': 'ComplaintRegistered', 'event-id': eventIdOf(message) });
    }

    // Restart again (close the bus, the process's pool goes with it): nothing is published twice.
    await first.bus.close();
    await firstDataSource.destroy();
    const second = await connectRelay(await openDataSource('intake'));
    await second.bus.publishOwnLog('intake', 'intake');
    const store = new PostgresEventStore(observer, 'intake', 'intake');
    const complaintId = randomUUID();
    const [after] = (await store.append(`complaint-${complaintId}`, [registered(99)], contextFor(complaintId), 0)).events;
    await until('the event appended after the restart on the topic', () => countOf(reader.messages, after.metadata.eventId) >= 1, 30_000);
    await until('the relay checkpoint at the end of the log', () => relayCheckpointAtEnd('intake'));
    // The record count is the broker's own (high watermarks), independent of what the reader has seen so far.
    expect(await recordsIn(kafka, topic)).toBe(13);
    await until('the reader to have read all 13 records', () => reader.messages.length >= 13, 10_000);
    expect(countsOf(reader.messages, ids)).toEqual(ids.map(() => 1));
    expect(countOf(reader.messages, after.metadata.eventId)).toBe(1);
    expect(reader.messages).toHaveLength(13);
    expect(await produced(second.registry)).toBe(1);
  });

  it('publishes the events of a producer SIGKILLed while its relay (the leader) had not published them exactly once: the lock dies with the process', async () => {
    const crashNamespace = uniqueNamespace();
    namespaces.push(crashNamespace);
    const crashTopic = topicOf('intake', crashNamespace);
    const schema = 'intake_crash';
    await migrateServiceSchema(await openDataSource(schema), schema);
    // The broker refuses every record of this topic (MESSAGE_TOO_LARGE: any event is over 64 bytes), so the
    // producer's relay, although running, cannot publish what the producer committed.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: crashTopic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: '64' }] }],
    });

    const producer = spawnProducer({
      DATABASE_URL: database.url,
      SCHEMA: schema,
      COMPLAINTS: '3',
      EVENTS_PER_COMPLAINT: '2',
      RELAY_BROKERS: brokers.join(','),
      RELAY_NAMESPACE: crashNamespace,
    });
    const report = await waitForCommit(producer);
    const ids = report.committed.map((c) => c.eventId);
    expect(new Set(ids).size).toBe(6);
    const relayFailures = () => producer.lines.filter((line) => String(line.relayLog ?? '').startsWith('relaying intake log:'));
    await until('the producer relay to try, and fail, to publish', () => relayFailures().length > 0, 30_000);
    // The dying process is the relay leader: it holds the relay lock.
    expect(await relayLockHolders(schema)).toEqual(['crash-test-producer']);
    await kill(producer);

    expect(await loadCheckpoint(observer, schema, RELAY)).toEqual(LOG_START);
    expect(await recordsIn(kafka, crashTopic)).toBe(0);
    // PostgreSQL ends the dead process's sessions, and with them its lock.
    await until('the killed relay lock to be released', async () => !(await relayLockHolders(schema)).includes('crash-test-producer'), 10_000);

    // The broker accepts writes again and the service restarts: its relay takes the lock and publishes each event once.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: crashTopic, configEntries: [{ name: 'max.message.bytes', value: '1048588' }] }],
    });
    const restarted = await connectRelay(await openDataSource(schema, 'restarted-relay'), { namespace: crashNamespace });
    await restarted.bus.publishOwnLog('intake', schema);
    const reader = await startReader(crashTopic, crashNamespace);
    await until('the 6 committed events on the topic', () => countsOf(reader.messages, ids).every((n) => n >= 1), 30_000);
    await until('the relay checkpoint at the end of the log', () => relayCheckpointAtEnd(schema));
    expect(await relayLockHolders(schema)).toEqual(['restarted-relay']);
    expect(await recordsIn(kafka, crashTopic)).toBe(6);
    expect(countsOf(reader.messages, ids)).toEqual(ids.map(() => 1));
    expect(reader.messages).toHaveLength(6);
    expect(await produced(restarted.registry)).toBe(6);
  });

  it('moves the relay checkpoint only after Kafka acknowledged: while the topic refuses writes nothing is marked published', async () => {
    const refusedNamespace = uniqueNamespace();
    namespaces.push(refusedNamespace);
    const refusedTopic = topicOf('intake', refusedNamespace);
    const schema = 'intake_refusing';
    const dataSource = await openDataSource(schema);
    await migrateServiceSchema(dataSource, schema);
    // The broker refuses every record of this topic (MESSAGE_TOO_LARGE: any event is over 64 bytes), so nothing is acknowledged.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: refusedTopic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: '64' }] }],
    });
    const relay = await connectRelay(dataSource, { namespace: refusedNamespace });
    await relay.bus.publishOwnLog('intake', schema);
    const store = new PostgresEventStore(dataSource, 'intake', schema);
    const complaintId = randomUUID();
    const appended = (await store.append(`complaint-${complaintId}`, [registered(1), registered(2), registered(3)], contextFor(complaintId), 0)).events;

    const logBefore = relayLog.length;
    await until('the relay to report a refused publish', () => relayLog.slice(logBefore).some((line) => line.startsWith('relaying intake log:')), 45_000);
    expect(await loadCheckpoint(observer, schema, RELAY)).toEqual(LOG_START);
    expect(await recordsIn(kafka, refusedTopic)).toBe(0);
    expect(await produced(relay.registry)).toBe(0);

    // The broker accepts writes again: the relay catches up from its unmoved checkpoint, each event once.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: refusedTopic, configEntries: [{ name: 'max.message.bytes', value: '1048588' }] }],
    });
    const reader = await startReader(refusedTopic, refusedNamespace);
    const ids = appended.map((event) => event.metadata.eventId);
    await until('the held-back events on the topic', () => countsOf(reader.messages, ids).every((n) => n >= 1), 60_000);
    await until('the relay checkpoint at the end of the log', () => relayCheckpointAtEnd(schema));
    expect(await recordsIn(kafka, refusedTopic)).toBe(3);
    expect(countsOf(reader.messages, ids)).toEqual([1, 1, 1]);
    expect(await produced(relay.registry)).toBe(3);
  });

  it('runs one relay per service: a standby publishes nothing while the leader runs and takes over when the leader closes', async () => {
    const schema = 'intake_standby';
    const { standbyTopic, leader, append, reader, first, startStandby } = await leaderPublishing(schema, 'relay-leader', 'relay-standby');
    // A second instance of the service (its own pool) starts its relay: it stands by.
    const standby = await startStandby();
    const second = await append(2);
    await until('the leader to publish the second event', () => countOf(reader.messages, second) === 1, 30_000);
    await sleep(1_000);
    expect(await produced(standby.registry)).toBe(0);
    expect(await produced(leader.registry)).toBe(2);
    expect(await relayLockHolders(schema)).toEqual(['relay-leader']);

    // The leader shuts down gracefully while its process, and pool, live on: it gives the lock up at once,
    // and the standby (which retries every 5 s) takes over.
    await leader.bus.close();
    expect(await relayLockHolders(schema)).not.toContain('relay-leader');
    const third = await append(3);
    await until('the standby to publish after the leader closed', () => countOf(reader.messages, third) === 1, 8_000);
    expect(await relayLockHolders(schema)).toEqual(['relay-standby']);
    expect(await produced(standby.registry)).toBe(1);
    expect(countsOf(reader.messages, [first, second, third])).toEqual([1, 1, 1]);
    expect(await recordsIn(kafka, standbyTopic)).toBe(3);
  });

  it('when the leader loses its lock with its session (a PostgreSQL restart ends it) it stops relaying, and one relay leads again: nothing published twice', async () => {
    const schema = 'intake_lock_lost';
    const { standbyTopic: lostTopic, leader, append, reader, first, startStandby } = await leaderPublishing(schema, 'relay-first-leader', 'relay-second');
    const standby = await startStandby();

    // What a restart does to the leader's lock: its session is terminated (57P01), the lock goes with it,
    // while the leader's process and its pool's other connections live on.
    await observer.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'relay-first-leader'`,
    );
    // Exactly one relay leads again: the former leader after standing for election anew, or the standby.
    await until('one relay to hold the lock again', async () => (await relayLockHolders(schema)).length === 1, 20_000);
    // Both have tried for the lock at least once since (each retries every 5 s), so a relay still running unlocked would show now.
    await sleep(6_000);
    const holders = await relayLockHolders(schema);
    expect(holders).toHaveLength(1);
    const producedBefore = (await produced(leader.registry)) + (await produced(standby.registry));

    const ids = [await append(2), await append(3), await append(4)];
    await until('the events appended after the lock was lost on the topic', () => countsOf(reader.messages, ids).every((n) => n >= 1), 30_000);
    await until('the relay checkpoint at the end of the log', () => relayCheckpointAtEnd(schema));
    await sleep(1_000);
    expect(countsOf(reader.messages, [first, ...ids])).toEqual([1, 1, 1, 1]);
    expect(await recordsIn(kafka, lostTopic)).toBe(4);
    expect((await produced(leader.registry)) + (await produced(standby.registry)) - producedBefore).toBe(3);
    const leaderNow = holders[0] === 'relay-first-leader' ? leader : standby;
    const otherNow = leaderNow === leader ? standby : leader;
    expect(await produced(otherNow.registry)).toBe(leaderNow === leader ? 0 : 1);
    expect(relayLog.some((line) => line.includes('the session holding it ended'))).toBe(true);
  });

  it('with a wrong broker address the relay does not start and nothing is marked published', async () => {
    const schema = 'intake_unreachable';
    const dataSource = await openDataSource(schema);
    await migrateServiceSchema(dataSource, schema);
    const store = new PostgresEventStore(dataSource, 'intake', schema);
    const complaintId = randomUUID();
    await store.append(`complaint-${complaintId}`, [registered(1)], contextFor(complaintId), 0);

    const attempt = connectRelay(dataSource, { brokers: ['127.0.0.1:1'] });
    await expect(attempt).rejects.toBeInstanceOf(KafkaUnreachable);
    await expect(attempt).rejects.toThrow(/cannot reach Kafka at 127\.0\.0\.1:1 \(KAFKA_BROKERS\)/);
    await sleep(300);
    expect(await loadCheckpoint(observer, schema, RELAY)).toEqual(LOG_START);
  });
});
