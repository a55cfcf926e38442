import { schemaOf, type ProducingService, type ServiceName } from '@mallcare/contracts';
import { countBehind, saveCheckpoint } from '@mallcare/event-store';
import type { DataSource } from 'typeorm';
import type { EventBus, InboundMessage, LiveWatch, MessageSink } from '../event-bus';
import { LogTail } from '../log-tail';
import type { MessagingMetrics } from '../messaging.metrics';

export interface EmbeddedEventBusOptions {
  dataSource: DataSource;
  metrics: MessagingMetrics;
  pollIntervalMs: number;
  batchSize?: number;
  log: (message: string) => void;
}

/**
 * No broker: each consumer follows the producers' PostgreSQL logs directly (same database, other
 * schemas, read only), from checkpoints kept in its own schema, so it resumes where it stopped.
 */
export class EmbeddedEventBus implements EventBus {
  readonly kind = 'embedded' as const;
  private readonly tails: LogTail[] = [];
  private readonly followed: { source: ProducingService; tail: LogTail }[] = [];
  private lagTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: EmbeddedEventBusOptions) {}

  async subscribe(consumer: ServiceName, sources: readonly ProducingService[], sink: MessageSink): Promise<void> {
    const ownSchema = schemaOf(consumer);
    for (const source of sources) {
      const sourceSchema = schemaOf(source);
      const reader = `follow:${source}`;
      const tail = new LogTail({
        dataSource: this.options.dataSource,
        sourceSchema,
        checkpointSchema: ownSchema,
        reader,
        batchSize: this.options.batchSize ?? 200,
        pollIntervalMs: this.options.pollIntervalMs,
        onBatch: async (batch) => {
          const progress = { through: -1, checkpointed: false };
          await sink({
            messages: batch.map(({ event, position }) => ({
              source,
              payload: JSON.stringify(event),
              envelope: event,
              origin: `${sourceSchema}.events@${position.globalPosition}`,
              handedBack: () => tail.stopping,
            })),
            // The checkpoint commits with the consumer's inbox rows and effects.
            savePlace: (manager, index) => saveCheckpoint(manager, ownSchema, reader, batch[index].position),
            passed: async (index, placeSaved) => {
              progress.through = index;
              progress.checkpointed = placeSaved;
            },
          });
          return progress;
        },
        onError: (error) => this.options.log(`following ${source}: ${error.message}`),
      });
      this.tails.push(tail);
      tail.start();
      this.trackLag(source, tail);
    }
  }

  async watch(consumer: ServiceName, sources: readonly ProducingService[], sink: (message: InboundMessage) => void): Promise<LiveWatch> {
    const tails = sources.map((source) => {
      const sourceSchema = schemaOf(source);
      const tail = new LogTail({
        dataSource: this.options.dataSource,
        sourceSchema,
        checkpointSchema: schemaOf(consumer),
        reader: `watch:${source}`,
        checkpoint: 'live',
        batchSize: this.options.batchSize ?? 200,
        pollIntervalMs: this.options.pollIntervalMs,
        onBatch: async (batch) => {
          for (const { event, position } of batch) {
            sink({ source, key: event.metadata.complaintId, payload: JSON.stringify(event), origin: `${sourceSchema}.events@${position.globalPosition}` });
          }
        },
        onError: (error) => this.options.log(`watching ${source}: ${error.message}`),
      });
      this.tails.push(tail);
      return tail;
    });
    // Each tail takes the log's head as its start before watch() returns, so nothing appended after is missed.
    await Promise.all(tails.map((tail) => tail.startFromHead()));
    return {
      close: async () => {
        for (const tail of tails) {
          const at = this.tails.indexOf(tail);
          if (at >= 0) this.tails.splice(at, 1);
        }
        await Promise.all(tails.map((tail) => tail.stop()));
      },
    };
  }

  async deadLetter(consumer: ServiceName, message: InboundMessage, error: Error, attempts: number): Promise<void> {
    const eventMeta = safeMeta(message.payload);
    await this.options.dataSource.query(
      `INSERT INTO ${schemaOf(consumer)}.dead_letters (event_id, event_type, source, payload, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [eventMeta.eventId, eventMeta.type, message.origin, message.payload, error.stack ?? error.message, attempts],
    );
  }

  /** The log is the transport: nothing to relay, but the tail counts what was produced. */
  async publishOwnLog(service: ProducingService, schema: string): Promise<void> {
    const tail = new LogTail({
      dataSource: this.options.dataSource,
      sourceSchema: schema,
      checkpointSchema: schema,
      reader: 'embedded-publisher',
      batchSize: 500,
      pollIntervalMs: Math.max(this.options.pollIntervalMs, 500),
      onBatch: async (batch) => {
        for (const { event } of batch) this.options.metrics.produced.inc({ event_type: event.type });
      },
      onError: (error) => this.options.log(`counting ${service} log: ${error.message}`),
    });
    this.tails.push(tail);
    tail.start();
    this.options.metrics.outboxBacklog.set(0);
  }

  async check(): Promise<void> {
    await this.options.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.lagTimer = null;
    this.followed.length = 0;
    await Promise.all(this.tails.map((tail) => tail.stop()));
    this.tails.length = 0;
  }

  private trackLag(source: ProducingService, tail: LogTail): void {
    this.followed.push({ source, tail });
    if (this.lagTimer) return;
    this.lagTimer = setInterval(() => {
      for (const { source: followedSource, tail: followedTail } of this.followed) {
        if (!followedTail.position) continue;
        void countBehind(this.options.dataSource, schemaOf(followedSource), followedTail.position)
          .then((behind) => this.options.metrics.consumerLag.set({ source: followedSource }, behind))
          .catch(() => undefined);
      }
    }, 5_000);
    this.lagTimer.unref();
  }
}

const safeMeta = (payload: string): { eventId: string | null; type: string | null } => {
  try {
    const parsed = JSON.parse(payload) as { type?: unknown; metadata?: { eventId?: unknown } };
    return {
      eventId: typeof parsed.metadata?.eventId === 'string' ? parsed.metadata.eventId : null,
      type: typeof parsed.type === 'string' ? parsed.type : null,
    };
  } catch {
    return { eventId: null, type: null };
  }
};
