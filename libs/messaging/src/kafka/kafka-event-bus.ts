import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import {
  consumerGroupOf,
  deadLetterTopicOf,
  topicOf,
  type ProducingService,
  type ServiceName,
} from '@mallcare/contracts';
import { countBehind } from '@mallcare/event-store';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type Producer, type ProducerRecord } from 'kafkajs';
import type { DataSource, QueryRunner } from 'typeorm';
import type { EventBus, InboundMessage, LiveWatch, MessageSink } from '../event-bus';
import { LogTail } from '../log-tail';
import type { MessagingMetrics } from '../messaging.metrics';
import { patchKafkaRequestQueue } from './kafkajs-request-queue';

patchKafkaRequestQueue();

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  namespace: string;
  dataSource: DataSource;
  metrics: MessagingMetrics;
  pollIntervalMs: number;
  partitions: number;
  replicationFactor: number;
  log: (message: string) => void;
}

export class KafkaUnreachable extends Error {
  constructor(brokers: string[], cause: unknown) {
    super(
      `cannot reach Kafka at ${brokers.join(',')} (KAFKA_BROKERS): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'KafkaUnreachable';
  }
}

/**
 * Kafka via kafkajs. Each service publishes its own log to its topic, keyed by complaint id so a
 * complaint's events stay in one partition and in order; each consumer service is one group.
 * kafkajs stays behind this class: no service imports it.
 */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly consumers: Consumer[] = [];
  private readonly tails: LogTail[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  /** Each subscription's commit of its resolved offsets: run on close while its consumer is still in its group. */
  private readonly offsetCommits: (() => Promise<void>)[] = [];
  /** The session holding the relay lock (a session-level advisory lock) while this instance leads. */
  private relayLock: { runner: QueryRunner; key: string } | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Ends the relay leader's wait between lock checks (its session ended, or the bus closes). */
  private wakeRelayHold: (() => void) | null = null;

  private constructor(
    private readonly options: KafkaEventBusOptions,
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private producer: Producer,
  ) {}

  /** Connects or fails fast with a message naming the brokers. */
  static async connect(options: KafkaEventBusOptions): Promise<KafkaEventBus> {
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3_000,
      retry: { retries: 5, initialRetryTime: 200 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => {
        // Retries are bounded on purpose: the relay re-sends from its checkpoint and consumers dedupe by event id.
        if (entry.log.message.startsWith('Limiting retries for the idempotent producer')) return;
        options.log(`kafkajs ${entry.namespace}: ${entry.log.message}`);
      },
    });
    const admin = kafka.admin({ retry: { retries: 2, initialRetryTime: 200 } });
    try {
      await admin.connect();
      await admin.describeCluster();
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw new KafkaUnreachable(options.brokers, error);
    }
    const producer = idempotentProducerOf(kafka);
    await producer.connect();
    return new KafkaEventBus(options, kafka, admin, producer);
  }

  async subscribe(consumer: ServiceName, sources: readonly ProducingService[], sink: MessageSink): Promise<void> {
    const { namespace } = this.options;
    const topics = sources.map((source) => topicOf(source, namespace));
    await this.ensureTopics([...topics, deadLetterTopicOf(consumer, namespace)]);
    const sourceOf = new Map(sources.map((source) => [topicOf(source, namespace), source]));
    const client = this.kafka.consumer({
      groupId: consumerGroupOf(consumer, namespace),
      maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
      retry: { retries: 10, initialRetryTime: 300 },
    });
    this.consumers.push(client);
    await client.connect();
    await client.subscribe({ topics, fromBeginning: true });
    const lagByPartition = new Map<string, number>();
    // Moves the group's offsets as far as the consumer resolved them; set by the latest batch (its run's consumer group).
    let commitResolved: (() => Promise<void>) | null = null;
    const commitQuietly = async (): Promise<void> => {
      await commitResolved?.().catch(() => undefined);
    };
    const committer = setInterval(() => void commitQuietly(), OFFSET_COMMIT_INTERVAL_MS);
    committer.unref();
    this.timers.push(committer);
    this.offsetCommits.push(commitQuietly);
    // Not awaited: run() resolves only once the group has taken this member in, and after a crash the
    // group waits for the dead member's session to expire first (sessionTimeout, 30 s by default). The
    // service serves HTTP meanwhile; consumption starts when the group is ready (bench/README: restart-to-ready).
    const joined = client.run({
      partitionsConsumedConcurrently: Math.max(1, Math.min(this.options.partitions, 4)),
      // Offsets are resolved as far as the consumer got (one move per transaction). With kafkajs' default auto-resolve,
      // leaving a batch early (shutdown, rebalance, seek) would mark its unhandled rest as consumed, and lose it.
      eachBatchAutoResolve: false,
      // kafkajs' auto-commit sends an offset commit after every partition's batch, a round trip to the broker per
      // transaction; the inbox already makes a redelivery harmless, so the offsets move every OFFSET_COMMIT_INTERVAL_MS.
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary, uncommittedOffsets }) => {
        commitResolved = () => commitOffsetsIfNecessary(uncommittedOffsets());
        const source = sourceOf.get(batch.topic);
        if (!source) {
          resolveOffset(batch.lastOffset());
          return;
        }
        const handedBack = () => !isRunning() || isStale();
        if (handedBack()) return;
        await sink({
          messages: batch.messages.map((message) => ({
            source,
            key: message.key?.toString() ?? null,
            payload: message.value?.toString('utf8') ?? '',
            origin: `${batch.topic}/${batch.partition}@${message.offset}`,
            heartbeat,
            handedBack,
          })),
          passed: async (index) => {
            const { offset } = batch.messages[index];
            resolveOffset(offset);
            lagByPartition.set(`${batch.topic}/${batch.partition}`, Number(batch.highWatermark) - Number(offset) - 1);
            this.options.metrics.consumerLag.set({ source }, sumFor(lagByPartition, batch.topic));
            try {
              await heartbeat();
            } catch (error) {
              // A rebalance: what was handled is committed before the partitions go (kafkajs' auto-commit did the same).
              await commitQuietly();
              throw error;
            }
          },
        });
        // Stopping: the group is left once this batch returns, so what it handled is committed now.
        if (!isRunning()) await commitQuietly();
      },
    });
    joined.catch((error: unknown) => this.options.log(`${consumer} consumer did not start: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * A group of its own per watch, so every process gets every event. Its offsets are set to the topics'
   * ends before it joins: the join takes seconds, and what is produced meanwhile must still arrive.
   * It commits nothing after that, and the group is deleted when the watch closes.
   */
  async watch(consumer: ServiceName, sources: readonly ProducingService[], sink: (message: InboundMessage) => void): Promise<LiveWatch> {
    const { namespace } = this.options;
    const topics = sources.map((source) => topicOf(source, namespace));
    await this.ensureTopics(topics);
    const sourceOf = new Map(sources.map((source) => [topicOf(source, namespace), source]));
    const groupId = `${consumerGroupOf(consumer, namespace)}.live.${randomUUID()}`;
    for (const topic of topics) {
      const ends = await this.whileLeadersSettle(() => this.admin.fetchTopicOffsets(topic));
      await this.admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
    }
    const client = this.kafka.consumer({ groupId, maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS, retry: { retries: 10, initialRetryTime: 300 } });
    this.consumers.push(client);
    await client.connect();
    await client.subscribe({ topics, fromBeginning: false });
    await client.run({
      autoCommit: false,
      partitionsConsumedConcurrently: Math.max(1, Math.min(this.options.partitions, 4)),
      eachMessage: async ({ topic, partition, message }) => {
        const source = sourceOf.get(topic);
        if (!source) return;
        sink({ source, key: message.key?.toString() ?? null, payload: message.value?.toString('utf8') ?? '', origin: `${topic}/${partition}@${message.offset}` });
      },
    });
    return {
      close: async () => {
        const at = this.consumers.indexOf(client);
        if (at >= 0) this.consumers.splice(at, 1);
        await client.disconnect().catch(() => undefined);
        await this.admin.deleteGroups([groupId]).catch(() => undefined);
      },
    };
  }

  async deadLetter(consumer: ServiceName, message: InboundMessage, error: Error, attempts: number): Promise<void> {
    const headers: IHeaders = {
      'x-error': truncate(error.message, 2_000),
      'x-error-stack': truncate(error.stack ?? '', 8_000),
      'x-attempts': String(attempts),
      'x-origin': message.origin,
      'x-consumer': consumer,
      'x-failed-at': new Date().toISOString(),
    };
    await this.producer.send({
      topic: deadLetterTopicOf(consumer, this.options.namespace),
      acks: -1,
      messages: [{ key: message.key ?? null, value: message.payload, headers }],
    });
  }

  /**
   * The outbox relay: reads the service's committed log from its checkpoint and publishes it; the
   * checkpoint moves only after Kafka acknowledged. One relay per service holds an advisory lock;
   * other instances stand by.
   */
  async publishOwnLog(service: ProducingService, schema: string): Promise<void> {
    const topic = topicOf(service, this.options.namespace);
    await this.ensureTopics([topic]);
    const tail = new LogTail({
      dataSource: this.options.dataSource,
      sourceSchema: schema,
      checkpointSchema: schema,
      reader: 'kafka-relay',
      batchSize: 500,
      pollIntervalMs: this.options.pollIntervalMs,
      onBatch: async (batch) => {
        await this.sendOrRenewProducer({
          topic,
          acks: -1,
          messages: batch.map(({ event }) => ({
            key: event.metadata.complaintId,
            value: JSON.stringify(event),
            headers: { 'event-type': event.type, 'event-id': event.metadata.eventId },
          })),
        });
        for (const { event } of batch) this.options.metrics.produced.inc({ event_type: event.type });
      },
      onError: (error) => this.options.log(`relaying ${service} log: ${error.message}`),
    });
    this.tails.push(tail);
    void this.startWhenLeader(schema, tail);
    const backlog = setInterval(() => {
      if (!tail.position) return;
      // Nothing after its position at its last read, and no append since: no need to count.
      if (tail.caughtUp) {
        this.options.metrics.outboxBacklog.set(0);
        return;
      }
      void countBehind(this.options.dataSource, schema, tail.position)
        .then((behind) => this.options.metrics.outboxBacklog.set(behind))
        .catch(() => undefined);
    }, 5_000);
    backlog.unref();
    this.timers.push(backlog);
  }

  async check(): Promise<void> {
    await this.admin.describeCluster();
  }

  /** Idempotent: the consumers' server, the module and a shutdown may each ask. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    this.closed = true;
    this.wakeRelayHold?.();
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.tails.map((tail) => tail.stop()));
    await Promise.all(this.offsetCommits.map((commit) => commit()));
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect().catch(() => undefined)));
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    if (this.relayLock) {
      // The lock belongs to the session, not to the pool's lease: unlock before the connection goes back to
      // the pool, or it stays locked (and the standby waits) until the pool happens to close that connection.
      const { runner, key } = this.relayLock;
      this.relayLock = null;
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      await runner.release().catch(() => undefined);
    }
  }

  /**
   * Leads the relay while this instance holds the lock. The lock belongs to one PostgreSQL session: when
   * that session ends (a database restart, an operator's pg_terminate_backend) the lock is gone and
   * another instance may take it, so the leader checks its session every RELAY_LOCK_CHECK_MS, stops its
   * tail on the first failed check and stands for election again (two relays would publish twice).
   */
  /**
   * After a broker dies without a shutdown, it may come back without the idempotent producer's sequence
   * state (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID) and kafkajs keeps refusing every send of that
   * producer. A new producer (a new producer id) is the way out; the relay sends the batch again from its
   * checkpoint, and consumers drop what was already delivered by event id.
   */
  private async sendOrRenewProducer(record: ProducerRecord): Promise<void> {
    try {
      await this.producer.send(record);
    } catch (error) {
      if (!isStaleProducerState(error) || this.closed) throw error;
      const stale = this.producer;
      this.producer = idempotentProducerOf(this.kafka);
      this.options.log(`Kafka no longer knows the producer's sequence (${messageOf(error)}): a new producer takes over`);
      await stale.disconnect().catch(() => undefined);
      await this.producer.connect();
      throw error;
    }
  }

  private async startWhenLeader(schema: string, tail: LogTail): Promise<void> {
    const key = `mallcare-relay:${schema}`;
    while (!this.closed) {
      let runner: QueryRunner | null = null;
      try {
        runner = this.options.dataSource.createQueryRunner();
        await runner.connect();
        const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
        if (locked && !this.closed) {
          this.relayLock = { runner, key };
          // A former leader's place may be behind what another leader published since: start from the saved checkpoint.
          tail.position = null;
          tail.start();
          this.options.log(`relaying ${schema} log to Kafka: this instance leads`);
          await this.holdWhileSessionLives(runner, key);
          if (this.closed) return;
          this.relayLock = null;
          await tail.stop();
          this.options.log(`relay lock for ${schema}: the session holding it ended; relaying stopped, standing for election again`);
          // If the session in fact lives on (a failed check), it must not go back to the pool still holding the lock.
          await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
          await runner.release().catch(() => undefined);
          continue;
        }
        // Closed while taking the lock: give it back before the connection returns to the pool.
        if (locked) await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
        await runner.release();
      } catch (error) {
        this.options.log(`relay lock for ${schema}: ${error instanceof Error ? error.message : String(error)}`);
        await runner?.release().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, RELAY_ELECTION_RETRY_MS).unref());
    }
  }

  /**
   * Resolves when the bus closes or the lock's session no longer holds it (the session died or the check
   * failed). A session that ends closes its connection, which wakes the check at once; the periodic check
   * is for the rest.
   */
  private async holdWhileSessionLives(runner: QueryRunner, key: string): Promise<void> {
    const connection = (runner as QueryRunner & { databaseConnection?: EventEmitter }).databaseConnection;
    let ended = false;
    const onEnd = () => {
      ended = true;
      this.wakeRelayHold?.();
    };
    connection?.on('end', onEnd);
    connection?.on('error', onEnd);
    try {
      while (!this.closed && !ended) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => resolve(), RELAY_LOCK_CHECK_MS);
          timer.unref();
          this.wakeRelayHold = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeRelayHold = null;
        if (this.closed || ended) return;
        const held = await runner
          .query(
            `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
               AND objid::text::bigint = hashtext($1)::bigint & 4294967295) AS held`,
            [key],
          )
          .then((rows: { held: boolean }[]) => rows[0]?.held === true, () => false);
        if (!held) return;
      }
    } finally {
      connection?.off('end', onEnd);
      connection?.off('error', onEnd);
    }
  }

  private async ensureTopics(topics: string[]): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    // A topic another service created a moment ago is listed before its partitions have leaders.
    if (missing.length === 0) return this.waitForLeaders([...new Set(topics)]);
    try {
      // kafkajs' own leader wait asks for metadata before a fresh topic is visible and throws
      // ("does not host this topic-partition"); our waitForLeaders below tolerates that.
      await this.admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.options.partitions,
          replicationFactor: this.options.replicationFactor,
        })),
      });
    } catch (error) {
      // Another service may have created the same topic in the meantime; that is fine.
      const now = new Set(await this.admin.listTopics());
      if (missing.some((topic) => !now.has(topic))) throw error;
    }
    await this.waitForLeaders(missing);
  }

  /** Metadata may name a leader before that broker has taken the partition on: such answers are retriable. */
  private async whileLeadersSettle<T>(request: () => Promise<T>, attempts = 20): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const retriable = (error as { retriable?: unknown }).retriable === true;
        if (!retriable || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /** A topic someone else just created may not have partition leaders yet; consumers need them. */
  private async waitForLeaders(topics: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const metadata = await this.admin.fetchTopicMetadata({ topics }).catch(() => null);
      const ready = metadata?.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0));
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`Kafka topics have no partition leaders after ${timeoutMs / 1000}s: ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * How long the broker holds a fetch that finds nothing (it answers at once when a message arrives, so
 * this costs no latency): an idle consumer asks every 3 s instead of every second, each empty fetch
 * decoding every partition. The price: a shutdown and a rebalance wait for the fetch in flight, up to
 * this long.
 */
const CONSUMER_MAX_WAIT_MS = 3_000;
/**
 * How often a consumer's resolved offsets are committed to its group. What was handled after the last
 * commit comes again after a crash or a rebalance without a commit, and the inbox drops it.
 */
const OFFSET_COMMIT_INTERVAL_MS = 1_000;
/** How often a relay leader checks that its lock's session still holds the lock (an ended session wakes it at once). */
const RELAY_LOCK_CHECK_MS = 5_000;
/** How often a standby tries to take the relay lock. */
const RELAY_ELECTION_RETRY_MS = 5_000;

const idempotentProducerOf = (kafka: Kafka): Producer =>
  kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });

const STALE_PRODUCER_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** kafkajs wraps the broker's answer (retries exceeded → originalError, aggregated errors → errors). */
const isStaleProducerState = (error: unknown, depth = 0): boolean => {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { type, originalError, errors, cause } = error as { type?: unknown; originalError?: unknown; errors?: unknown; cause?: unknown };
  if (typeof type === 'string' && STALE_PRODUCER_ERRORS.has(type)) return true;
  return [originalError, cause, ...(Array.isArray(errors) ? errors : [])].some((inner) => isStaleProducerState(inner, depth + 1));
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const sumFor = (lagByPartition: Map<string, number>, topic: string): number => {
  let sum = 0;
  for (const [key, lag] of lagByPartition) if (key.startsWith(`${topic}/`)) sum += Math.max(0, lag);
  return sum;
};

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);
