import type { ProducingService, ServiceName } from '@mallcare/contracts';
import type { EntityManager } from 'typeorm';

export type TransportKind = 'kafka' | 'embedded';

/** One delivery of one event, still as the transport carried it. */
export interface InboundMessage {
  /** The producing service whose log the event came from. */
  source: ProducingService;
  /** The partition key (the complaint id) where the transport has one. */
  key?: string | null;
  payload: string;
  /**
   * The payload already parsed, where the transport has it so (the embedded transport reads the event
   * from PostgreSQL): JSON-plain, as JSON.parse(payload) would give it, so consumers need not parse again.
   */
  envelope?: unknown;
  /** Where it came from, for logs and dead letters (topic/partition/offset or schema/position). */
  origin: string;
  /** Keeps the delivery's claim alive while its handling waits (Kafka's group session). */
  heartbeat?: () => Promise<void>;
  /** True once the transport is stopping and takes the message back unhandled. */
  handedBack?: () => boolean;
}

/** Consecutive messages of one source as one delivery handed them over (a Kafka fetch of one partition, a follower's read). */
export interface InboundBatch {
  messages: readonly InboundMessage[];
  /**
   * Inside the transaction that makes the handling of `messages[0..index]` final, before it commits: a
   * transport that keeps the consumer's place in the database (embedded) moves it there, so the place and
   * the effects commit together. Absent where the place lives elsewhere (Kafka's offsets).
   */
  savePlace?: (manager: EntityManager, index: number) => Promise<void>;
  /**
   * `messages[0..index]` are done (committed, dead-lettered or skipped): the transport may move past them.
   * `placeSaved`: `savePlace(…, index)` ran in the transaction that just committed them.
   */
  passed: (index: number, placeSaved: boolean) => Promise<void>;
}

/**
 * Takes a batch and passes its messages in order. The messages it did not pass, because it threw or
 * because it stopped early (the transport is taking them back), come again later; none is lost.
 */
export type MessageSink = (batch: InboundBatch) => Promise<void>;

/** A live view opened by `EventBus.watch`; closing it stops its delivery. */
export interface LiveWatch {
  close(): Promise<void>;
}

/**
 * The port every service uses to exchange complaint events. Adapters: Kafka (kafkajs) and embedded
 * (followers read the producers' PostgreSQL logs). No service imports an adapter directly.
 */
export interface EventBus {
  readonly kind: TransportKind;
  /**
   * Delivers every event of the sources' logs to `sink`, at least once, in order per complaint, in batches
   * of consecutive messages of one source. What the sink did not pass it gets again later.
   */
  subscribe(consumer: ServiceName, sources: readonly ProducingService[], sink: MessageSink): Promise<void>;
  /**
   * Delivers the events the sources append from now on to this process alone (every replica sees all
   * of them), with no checkpoint and no inbox: a live view such as the consoles' update stream, not a
   * consumer. Events already in the logs when it is called are not delivered; none appended after are
   * skipped while it runs. `sink` must not throw.
   */
  watch(consumer: ServiceName, sources: readonly ProducingService[], sink: (message: InboundMessage) => void): Promise<LiveWatch>;
  /** Keeps an event that can't be handled, with its error, where operators can look and replay. */
  deadLetter(consumer: ServiceName, message: InboundMessage, error: Error, attempts: number): Promise<void>;
  /** Publishes the service's own log from its checkpoint on (the outbox relay). */
  publishOwnLog(service: ProducingService, schema: string): Promise<void>;
  /** Throws when the transport can't be reached (readiness). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_BUS = Symbol('EVENT_BUS');
