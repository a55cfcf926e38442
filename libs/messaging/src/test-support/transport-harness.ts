import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  consumerGroupOf,
  deadLetterTopicOf,
  topicOf,
  type ComplaintEvent,
  type NewEvent,
  type ProducingService,
  type ServiceName,
} from '@mallcare/contracts';
import { createServiceDataSource, LogSignal, migrateServiceSchema, PostgresEventStore, type AppendContext } from '@mallcare/event-store';
import { createTestDatabase, registeredV1, until, within, type TestDatabase } from '@mallcare/testing';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EmbeddedEventBus } from '../embedded/embedded-event-bus';
import type { EventBus, InboundMessage, LiveWatch, TransportKind } from '../event-bus';
import { InboxProcessor, type EventHandler } from '../inbox-processor';
import { MessagingMetrics } from '../messaging.metrics';
import { PermanentHandlerError, type RetryPolicy } from '../retry-policy';
import { connectTestBus, deleteTopics, testKafka, TopicReader, uniqueNamespace } from './kafka';

/** The producing service and the consuming service of the contract suite, each in its own schema as in production. */
export const PRODUCER: ProducingService = 'intake';
export const CONSUMER: ServiceName = 'routing';
const PRODUCER_SCHEMA = 'intake';
const CONSUMER_SCHEMA = 'routing';

/** Small on purpose: tests see the retries and the backoff without waiting for the production policy. */
export const TEST_RETRY: RetryPolicy = { attempts: 3, initialBackoffMs: 60, maxBackoffMs: 500 };

/** What the handler does for one event, chosen by complaint id and stream position. */
export interface Behaviour {
  /** Fail the first `fail` attempts, or every attempt. */
  fail: number | 'always';
  message: string;
  /** Throw PermanentHandlerError ("this will never succeed") instead of a plain Error. */
  permanent?: boolean;
}

/** One call of the handler (one attempt), with the event as the handler got it. */
export interface HandlerCall {
  event: ComplaintEvent;
  attempt: number;
  at: number;
  threw: boolean;
}

/** A delivery as the transport handed it to the consumer, before any parsing. */
export interface Delivery extends InboundMessage {
  at: number;
}

/** A dead letter, the same shape for both transports (Kafka: value and headers; embedded: a dead_letters row). */
export interface DeadLetterRecord {
  eventId: string | null;
  eventType: string | null;
  payload: string;
  /** The error message (Kafka: x-error; embedded: the error column, which holds the stack). */
  error: string;
  /** The error stack (Kafka: x-error-stack; embedded: the error column). */
  stack: string;
  attempts: number;
  origin: string;
  consumer: string;
  failedAt: string;
  /** The partition key (Kafka only). */
  key: string | null;
}

/** A row of the handler's effect table, written in the handler's (the inbox's) transaction. */
export interface Effect {
  seq: number;
  eventId: string;
  complaintId: string;
  streamPosition: number;
}

/** An event envelope written to the transport as is, bypassing the store's validation (a foreign or broken producer). */
export interface RawEnvelope {
  type: string;
  data: unknown;
  metadata: {
    eventId: string;
    complaintId: string;
    mallId: string;
    occurredAt: string;
    recordedAt: string;
    actor: { type: string; id: string };
    correlationId: string;
    causationId: string | null;
    schemaVersion: number;
    streamId: string;
    streamPosition: number;
  };
}

export const registered = (n: number): NewEvent =>
  registeredV1(n, { caseNumber: `SHA01-20250303-${String(n).padStart(4, '0')}`, channel: 'wechat', description: `contract test event ${n}`, receivedAt: '2025-03-03T08:00:00.000Z' });

export const contextFor = (complaintId: string): AppendContext => ({
  complaintId,
  mallId: 'mall-sha-01',
  actor: { type: 'staff', id: 'desk-3' },
  correlationId: randomUUID(),
  causationId: null,
});

const CONSUMER_DDL = `CREATE TABLE ${CONSUMER_SCHEMA}.contract_effects (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id uuid NOT NULL,
  complaint_id uuid NOT NULL,
  stream_position integer NOT NULL,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id()
)`;

/**
 * Two services on one transport, as in production: `intake` appends to its event store and
 * publishes its log; `routing` subscribes with an InboxProcessor whose handler writes one effect
 * row per event in the inbox transaction. Everything is real: a fresh PostgreSQL database per
 * harness and, for Kafka, a fresh topic namespace on the shared broker.
 */
export class TransportHarness {
  /** Handler calls, every attempt, in call order. */
  readonly calls: HandlerCall[] = [];
  readonly deliveries: Delivery[] = [];
  readonly behaviours = new Map<string, Behaviour>();
  /** Event types the consumer has no handler for. */
  readonly unhandledTypes = new Set<string>();
  /** Added to every handler call (ms), or a function of the event. */
  handlerDelay: number | ((event: ComplaintEvent) => number) = 0;
  readonly store: PostgresEventStore;
  consumerRegistry = new Registry();
  private consumerBus: EventBus | null = null;
  private readonly attemptsByEvent = new Map<string, number>();
  private dlqReader: TopicReader | null = null;
  private rawProducer: Producer | null = null;

  private constructor(
    readonly kind: TransportKind,
    /** Transport and processor log lines, shown when a wait times out. */
    readonly log: string[],
    private readonly database: TestDatabase,
    readonly producerDataSource: DataSource,
    readonly consumerDataSource: DataSource,
    private readonly producerBus: EventBus,
    private readonly kafka: { brokers: string[]; namespace: string; client: Kafka; admin: Admin } | null,
  ) {
    this.store = new PostgresEventStore(producerDataSource, PRODUCER, PRODUCER_SCHEMA);
  }

  /** `brokers` null: the embedded transport. */
  static async start(brokers: string[] | null): Promise<TransportHarness> {
    const database = await createTestDatabase();
    const producerDataSource = createServiceDataSource({ url: database.url, schema: PRODUCER_SCHEMA, poolSize: 6, applicationName: 'contract-intake' });
    const consumerDataSource = createServiceDataSource({ url: database.url, schema: CONSUMER_SCHEMA, poolSize: 6, applicationName: 'contract-routing' });
    const log: string[] = [];
    let kafka: { brokers: string[]; namespace: string; client: Kafka; admin: Admin } | null = null;
    let producerBus: EventBus | null = null;
    let harness: TransportHarness | null = null;
    try {
      await Promise.all([producerDataSource.initialize(), consumerDataSource.initialize()]);
      await migrateServiceSchema(producerDataSource, PRODUCER_SCHEMA);
      await migrateServiceSchema(consumerDataSource, CONSUMER_SCHEMA);
      await consumerDataSource.query(CONSUMER_DDL);
      if (brokers) {
        const client = testKafka(brokers);
        const admin = client.admin();
        kafka = { brokers, namespace: uniqueNamespace(), client, admin };
        await within('the test Kafka admin to connect', admin.connect(), 30_000);
      }
      producerBus = await TransportHarness.connectBus(kafka, producerDataSource, new MessagingMetrics(new Registry()), PRODUCER, (line) =>
        log.push(`[${PRODUCER}] ${line}`),
      );
      harness = new TransportHarness(brokers ? 'kafka' : 'embedded', log, database, producerDataSource, consumerDataSource, producerBus, kafka);
      await within('the producer relay to start', producerBus.publishOwnLog(PRODUCER, PRODUCER_SCHEMA), 60_000);
      await harness.startConsumer();
      if (kafka) {
        // subscribe() created the dead-letter topic; read it from its start, as an operator would.
        harness.dlqReader = await TopicReader.start(kafka.client, deadLetterTopicOf(CONSUMER, kafka.namespace), kafka.namespace);
        harness.rawProducer = kafka.client.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
        await within('the test producer to connect', harness.rawProducer.connect(), 30_000);
      }
      return harness;
    } catch (error) {
      // Leave nothing behind (connections, consumers, topics, the database) for a harness that never started.
      if (harness) {
        await harness.close().catch(() => undefined);
      } else {
        await producerBus?.close().catch(() => undefined);
        if (kafka) await kafka.admin.disconnect().catch(() => undefined);
        for (const dataSource of [producerDataSource, consumerDataSource]) if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
        await database.drop().catch(() => undefined);
      }
      throw error;
    }
  }


  private static async connectBus(
    kafka: { brokers: string[]; namespace: string } | null,
    dataSource: DataSource,
    metrics: MessagingMetrics,
    service: ServiceName,
    log: (line: string) => void,
  ): Promise<EventBus> {
    if (!kafka) return new EmbeddedEventBus({ dataSource, metrics, pollIntervalMs: 50, batchSize: 10, log });
    return within(
      `a Kafka bus for ${service} to connect`,
      connectTestBus({ brokers: kafka.brokers, namespace: kafka.namespace, service, dataSource, metrics, log }),
      30_000,
    );
  }

  /** Subscribes `routing` to `intake` with a fresh bus (a service start or restart). */
  async startConsumer(): Promise<void> {
    if (this.consumerBus) throw new Error('the consumer is running');
    this.consumerRegistry = new Registry();
    const metrics = new MessagingMetrics(this.consumerRegistry);
    const log = (line: string) => this.log.push(`[${CONSUMER}] ${line}`);
    const bus = await TransportHarness.connectBus(this.kafka, this.consumerDataSource, metrics, CONSUMER, log);
    this.consumerBus = bus;
    const processor = new InboxProcessor({
      service: CONSUMER,
      schema: CONSUMER_SCHEMA,
      dataSource: this.consumerDataSource,
      bus,
      metrics,
      retry: TEST_RETRY,
      log,
      handlerFor: (type) => (this.unhandledTypes.has(type) ? null : this.handler),
    });
    const subscribed = bus.subscribe(CONSUMER, [PRODUCER], async (batch) => {
      const at = Date.now();
      for (const message of batch.messages) this.deliveries.push({ ...message, at });
      await processor.receive(batch);
    });
    await within(`${CONSUMER} to subscribe`, subscribed, 60_000);
  }

  /** A live watch of the producer's log through the running consumer's bus, as a console feed opens one. */
  async watch(sink: (message: InboundMessage) => void): Promise<LiveWatch> {
    if (!this.consumerBus) throw new Error('the consumer is not running');
    return within(`${CONSUMER} to watch`, this.consumerBus.watch(CONSUMER, [PRODUCER], sink), 60_000);
  }

  /** Stops the consumer service (closes its bus: consumer group left, followers stopped). */
  async stopConsumer(): Promise<void> {
    const bus = this.consumerBus;
    this.consumerBus = null;
    if (bus) await within('the consumer bus to close', bus.close(), 30_000);
  }

  /**
   * Makes the transport deliver everything again from the start, as after a crash that lost the
   * consumer's position: Kafka, the group's offsets reset to the earliest; embedded, the follower's
   * checkpoint dropped. The consumer is stopped for it and started again.
   */
  async redeliverFromStart(): Promise<void> {
    await this.stopConsumer();
    if (this.kafka) {
      const { admin, namespace } = this.kafka;
      // The group must be empty to have its offsets reset; leaving it may take a moment.
      await until(
        'the consumer group offsets to be reset',
        async () => {
          await admin.resetOffsets({ groupId: consumerGroupOf(CONSUMER, namespace), topic: topicOf(PRODUCER, namespace), earliest: true });
          return true;
        },
        20_000,
        250,
      );
    } else {
      await this.consumerDataSource.query(`DELETE FROM ${CONSUMER_SCHEMA}.checkpoints WHERE reader = $1`, [`follow:${PRODUCER}`]);
    }
    await this.startConsumer();
  }

  /** Appends to the producer's store in one transaction (the real path: the relay or the follower takes it from there). */
  async append(complaintId: string, events: NewEvent[], expectedVersion: number | 'any' = 'any'): Promise<ComplaintEvent[]> {
    return (await this.store.append(`complaint-${complaintId}`, events, contextFor(complaintId), expectedVersion)).events;
  }

  /** A valid envelope for `complaintId`, to be broken by the caller and written with `injectRaw`. */
  envelope(
    complaintId: string,
    streamPosition: number,
    overrides: { type?: string; data?: unknown; metadata?: Partial<RawEnvelope['metadata']> } = {},
  ): RawEnvelope {
    const event = registered(streamPosition);
    const now = new Date().toISOString();
    return {
      type: event.type,
      data: event.data,
      ...overrides,
      metadata: {
        eventId: randomUUID(),
        complaintId,
        mallId: 'mall-sha-01',
        occurredAt: now,
        recordedAt: now,
        actor: { type: 'system', id: 'foreign-producer' },
        correlationId: randomUUID(),
        causationId: null,
        schemaVersion: 1,
        streamId: `complaint-${complaintId}`,
        streamPosition,
        ...overrides.metadata,
      },
    };
  }

  /**
   * Puts an envelope on the transport without the store's validation: Kafka, a record on the
   * producer's topic (keyed by complaint); embedded, a row written straight into the producer's log.
   */
  async injectRaw(envelope: RawEnvelope): Promise<void> {
    if (this.kafka) {
      await this.injectBytes(JSON.stringify(envelope), envelope.metadata.complaintId);
      return;
    }
    const { metadata } = envelope;
    await this.producerDataSource.query(
      `INSERT INTO ${PRODUCER_SCHEMA}.events
         (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)`,
      [
        metadata.streamId,
        metadata.streamPosition,
        metadata.eventId,
        envelope.type,
        metadata.schemaVersion,
        metadata.complaintId,
        metadata.mallId,
        JSON.stringify(envelope.data),
        JSON.stringify({ actor: metadata.actor, correlationId: metadata.correlationId, causationId: metadata.causationId }),
        metadata.occurredAt,
      ],
    );
    LogSignal.appended(PRODUCER_SCHEMA);
  }

  /** Only Kafka can carry a payload that is not even JSON (the embedded log is a jsonb table). */
  get carriesArbitraryBytes(): boolean {
    return this.kafka !== null;
  }

  async injectBytes(payload: string, key: string): Promise<void> {
    if (!this.kafka || !this.rawProducer) throw new Error('only the Kafka transport carries arbitrary bytes');
    await this.rawProducer.send({ topic: topicOf(PRODUCER, this.kafka.namespace), acks: -1, messages: [{ key, value: payload }] });
  }

  async effects(): Promise<Effect[]> {
    const rows: { seq: string; event_id: string; complaint_id: string; stream_position: number }[] = await this.consumerDataSource.query(
      `SELECT seq::text AS seq, event_id::text AS event_id, complaint_id::text AS complaint_id, stream_position
       FROM ${CONSUMER_SCHEMA}.contract_effects ORDER BY contract_effects.seq`,
    );
    return rows.map((row) => ({ seq: Number(row.seq), eventId: row.event_id, complaintId: row.complaint_id, streamPosition: row.stream_position }));
  }

  /** Which transaction committed each of the complaint's effects (the same id: the same transaction), by stream position. */
  async transactionsOf(complaintId: string): Promise<Map<number, string>> {
    const rows: { stream_position: number; transaction_id: string }[] = await this.consumerDataSource.query(
      `SELECT stream_position, transaction_id::text AS transaction_id FROM ${CONSUMER_SCHEMA}.contract_effects WHERE complaint_id = $1`,
      [complaintId],
    );
    return new Map(rows.map((row) => [row.stream_position, row.transaction_id]));
  }

  async effectsOf(complaintId: string): Promise<Effect[]> {
    return (await this.effects()).filter((effect) => effect.complaintId === complaintId);
  }

  async inbox(): Promise<{ eventId: string; eventType: string }[]> {
    const rows: { event_id: string; event_type: string }[] = await this.consumerDataSource.query(
      `SELECT event_id::text AS event_id, event_type FROM ${CONSUMER_SCHEMA}.inbox`,
    );
    return rows.map((row) => ({ eventId: row.event_id, eventType: row.event_type }));
  }

  async deadLetters(): Promise<DeadLetterRecord[]> {
    if (this.dlqReader) {
      return this.dlqReader.messages.map((message) => {
        const meta = metaOf(message.value);
        return {
          ...meta,
          payload: message.value,
          error: message.headers['x-error'] ?? '',
          stack: message.headers['x-error-stack'] ?? '',
          attempts: Number(message.headers['x-attempts']),
          origin: message.headers['x-origin'] ?? '',
          consumer: message.headers['x-consumer'] ?? '',
          failedAt: message.headers['x-failed-at'] ?? '',
          key: message.key,
        };
      });
    }
    const rows: { event_id: string | null; event_type: string | null; source: string; payload: string; error: string; attempts: number; failed_at: Date }[] =
      await this.consumerDataSource.query(
        `SELECT event_id, event_type, source, payload, error, attempts, failed_at FROM ${CONSUMER_SCHEMA}.dead_letters ORDER BY id`,
      );
    return rows.map((row) => ({
      eventId: row.event_id,
      eventType: row.event_type,
      payload: row.payload,
      error: row.error,
      stack: row.error,
      attempts: row.attempts,
      origin: row.source,
      // The embedded transport keeps a consumer's dead letters in that consumer's own schema.
      consumer: CONSUMER,
      failedAt: new Date(row.failed_at).toISOString(),
      key: null,
    }));
  }

  callsFor(eventId: string): HandlerCall[] {
    return this.calls.filter((call) => call.event.metadata.eventId === eventId);
  }

  deliveriesOf(eventId: string): Delivery[] {
    return this.deliveries.filter((delivery) => metaOf(delivery.payload).eventId === eventId);
  }

  /** The sum of a counter of the consumer's metrics over the series matching `labels`. */
  async counter(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = await this.consumerRegistry.getSingleMetric(name)?.get();
    return (metric?.values ?? [])
      .filter((value) => Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted))
      .reduce((sum, value) => sum + value.value, 0);
  }

  /** `until`, with the transport's last log lines in the failure message. */
  async waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
    try {
      await until(what, check, timeoutMs);
    } catch (error) {
      const tail = this.log.slice(-15).join('\n  ');
      throw new Error(`${error instanceof Error ? error.message : String(error)} (${this.kind} transport)${tail ? `\n  ${tail}` : ''}`);
    }
  }

  async close(): Promise<void> {
    const errors: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    };
    await attempt(() => this.stopConsumer());
    await attempt(() => within('the producer bus to close', this.producerBus.close(), 30_000));
    await attempt(async () => this.dlqReader?.stop());
    await attempt(async () => this.rawProducer && within('the test producer to disconnect', this.rawProducer.disconnect(), 30_000));
    if (this.kafka) {
      const { namespace, client, admin } = this.kafka;
      await deleteTopics(client, [topicOf(PRODUCER, namespace), deadLetterTopicOf(CONSUMER, namespace)]);
      await attempt(() => within('the test admin to disconnect', admin.disconnect(), 30_000));
    }
    await attempt(() => this.producerDataSource.destroy());
    await attempt(() => this.consumerDataSource.destroy());
    await attempt(() => this.database.drop());
    if (errors.length > 0) throw errors[0];
  }

  /** The handler under test: one effect row per event in the inbox transaction, then the event's behaviour. */
  private readonly handler: EventHandler = async (event, { manager }) => {
    const attempt = (this.attemptsByEvent.get(event.metadata.eventId) ?? 0) + 1;
    this.attemptsByEvent.set(event.metadata.eventId, attempt);
    const behaviour = this.behaviours.get(behaviourKey(event.metadata.complaintId, event.metadata.streamPosition));
    const fails = behaviour !== undefined && (behaviour.fail === 'always' || attempt <= behaviour.fail);
    this.calls.push({ event, attempt, at: Date.now(), threw: fails });
    await manager.query(
      `INSERT INTO ${CONSUMER_SCHEMA}.contract_effects (event_id, complaint_id, stream_position) VALUES ($1, $2, $3)`,
      [event.metadata.eventId, event.metadata.complaintId, event.metadata.streamPosition],
    );
    const delay = typeof this.handlerDelay === 'function' ? this.handlerDelay(event) : this.handlerDelay;
    if (delay > 0) await sleep(delay);
    // Thrown after the effect row was written: the inbox transaction must roll it back.
    if (fails) throw behaviour.permanent ? new PermanentHandlerError(behaviour.message) : new Error(behaviour.message);
  };
}

export const behaviourKey = (complaintId: string, streamPosition: number): string => `${complaintId}#${streamPosition}`;

const metaOf = (payload: string): { eventId: string | null; eventType: string | null } => {
  try {
    const parsed = JSON.parse(payload) as { type?: unknown; metadata?: { eventId?: unknown } };
    return {
      eventId: typeof parsed.metadata?.eventId === 'string' ? parsed.metadata.eventId : null,
      eventType: typeof parsed.type === 'string' ? parsed.type : null,
    };
  } catch {
    return { eventId: null, eventType: null };
  }
};
