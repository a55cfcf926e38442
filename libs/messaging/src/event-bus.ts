import type { ProducingService, ServiceName } from '@mallcare/contracts';

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

export type MessageSink = (message: InboundMessage) => Promise<void>;

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
   * Delivers every event of the sources' logs to `sink`, at least once, in order per complaint.
   * A sink that throws gets the same message again later; it never loses it.
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
