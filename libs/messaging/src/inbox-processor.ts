import { isKnownEventType, parseEvent, type ComplaintEvent, type ComplaintEventType, type ServiceName } from '@mallcare/contracts';
import { isDatabaseUnavailable, LogSignal, preparedQuery } from '@mallcare/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventBus, InboundBatch, InboundMessage } from './event-bus';
import type { MessagingMetrics } from './messaging.metrics';
import { backoffMs, DEFAULT_RETRY_POLICY, isPermanent, sleep, type RetryPolicy } from './retry-policy';

/** The transaction a handler writes in (its batch's); the inbox row for the event commits with it. */
export interface UnitOfWork {
  manager: EntityManager;
}

export type EventHandler = (event: ComplaintEvent, unit: UnitOfWork) => Promise<void>;

export type HandlingOutcome = 'handled' | 'duplicate' | 'ignored';

export interface InboxProcessorOptions {
  service: ServiceName;
  schema: string;
  dataSource: DataSource;
  bus: EventBus;
  metrics: MessagingMetrics;
  /** Returns null for event types this service has no handler for: their events are skipped unvalidated. */
  handlerFor: (type: ComplaintEventType) => EventHandler | null;
  retry?: RetryPolicy;
  batch?: BatchLimits;
  log?: (message: string) => void;
}

/** How much one batch transaction takes on before it commits. */
export interface BatchLimits {
  /** At most this many events: a handler's failure undoes the whole transaction, and the events before it are handled again. */
  events: number;
  /** No event is begun after this long (ms) in the transaction, to bound how long its locks are held. */
  ms: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { events: 64, ms: 200 };

/** A delivered message as the processor reads it. */
type Reading =
  | { kind: 'event'; event: ComplaintEvent; handler: EventHandler }
  /** A known type this service has no handler for. */
  | { kind: 'skipped'; type: ComplaintEventType }
  | { kind: 'poison'; error: Error };

/** What one batch transaction got through: `through` is the last message it made final (from − 1: none). */
interface Stretch {
  through: number;
  outcomes: { type: string; outcome: HandlingOutcome }[];
}

/** A handler threw: its batch transaction is rolled back, all of it. */
class HandlerFailed extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super(`the handler of message ${index} failed`);
  }
}

/**
 * Turns at-least-once delivery into exactly-once effects: the events of a delivered batch are handled in
 * one transaction with their inbox rows (and, where the transport keeps it in the database, the consumer's
 * place), so a redelivery finds the rows and changes nothing. A handler that throws rolls its batch's
 * transaction back: the events before it are handled again in a transaction of their own, and it takes
 * the one-event path (retried with backoff, then dead-lettered). No savepoint per handler: a round trip
 * and a subtransaction for every event, to spare a redo that only a failure needs. Contract violations
 * go to the dead letters at once.
 */
export class InboxProcessor {
  private readonly retry: RetryPolicy;
  private readonly limits: BatchLimits;
  private stopped = false;
  /** Set while handling waits for the database; consumption resumes by itself when it answers. */
  private pausedSince: number | null = null;
  /** One transaction at a time per consumer, whatever the partitions or logs delivering to it. */
  private lastTransaction: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: InboxProcessorOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.limits = options.batch ?? DEFAULT_BATCH_LIMITS;
  }

  readonly receive = async (batch: InboundBatch): Promise<void> => {
    const { messages } = batch;
    const readings = messages.map((message) => this.read(message));
    // The handler that failed in the last transaction: the events before it go again without it, then it alone.
    let failed: HandlerFailed | null = null;
    for (let next = 0, waits = 0; next < messages.length; ) {
      if (this.handedBack(messages[next])) return;
      if (failed?.index === next) {
        await this.handleAlone(messages[next], readings[next], { error: failed.error });
        await batch.passed(next, false);
        failed = null;
        next++;
        continue;
      }
      const reading = readings[next];
      if (reading.kind === 'poison') {
        await this.deadLetterPoison(messages[next], reading.error);
        await batch.passed(next, false);
        next++;
        continue;
      }
      const end = failed ? failed.index : this.stretchEnd(readings, next);
      if (!readings.slice(next, end).some((candidate) => candidate.kind === 'event')) {
        for (const skipped of readings.slice(next, end)) this.count(skipped, 'ignored');
        await batch.passed(end - 1, false);
        next = end;
        continue;
      }
      let stretch: Stretch;
      try {
        stretch = await this.exclusively(() => this.handleStretch(batch, readings, next, end));
      } catch (error) {
        if (error instanceof HandlerFailed) {
          failed = error;
          continue;
        }
        if (isDatabaseUnavailable(error)) {
          // Not the events' fault: nothing is counted against them; the same stretch is tried again.
          this.options.metrics.failed.inc({ event_type: typeOf(readings[next]), stage: 'database-unavailable' });
          await this.pause(messages[next], asError(error), ++waits);
          continue;
        }
        // Not a handler's failure (the inbox, the place, the commit): each event of the stretch on its own, as one delivery.
        for (let index = next; index < end; index++) {
          if (this.handedBack(messages[index])) return;
          await this.handleAlone(messages[index], readings[index]);
          await batch.passed(index, false);
        }
        next = end;
        continue;
      }
      waits = 0;
      this.resumed();
      stretch.outcomes.forEach(({ type, outcome }) => this.options.metrics.consumed.inc({ event_type: type, outcome }));
      if (stretch.outcomes.some(({ outcome }) => outcome === 'handled')) LogSignal.appended(this.options.schema);
      if (stretch.through >= next) await batch.passed(stretch.through, batch.savePlace !== undefined);
      next = stretch.through + 1;
    }
  };

  /**
   * Stops waiting for the database: a message still waiting is handed back unhandled (the call
   * throws, so its offset or checkpoint does not move) and a later delivery handles it. A batch in
   * hand stops after the event in hand.
   */
  stop(): void {
    this.stopped = true;
  }

  private read(message: InboundMessage): Reading {
    try {
      const raw: unknown = message.envelope ?? JSON.parse(message.payload);
      const type = (raw as { type?: unknown } | null)?.type;
      // A known type this service does not handle is skipped unread; anything else must pass the contract.
      if (typeof type === 'string' && isKnownEventType(type) && !this.options.handlerFor(type)) return { kind: 'skipped', type };
      const event = parseEvent(raw);
      const handler = this.options.handlerFor(event.type);
      return handler ? { kind: 'event', event, handler } : { kind: 'skipped', type: event.type };
    } catch (error) {
      return { kind: 'poison', error: asError(error) };
    }
  }

  /** Up to the next poison message (exclusive), taking at most the batch limit of events. */
  private stretchEnd(readings: Reading[], from: number): number {
    let end = from;
    for (let events = 0; end < readings.length && readings[end].kind !== 'poison'; end++) {
      if (readings[end].kind === 'event' && ++events > this.limits.events) break;
    }
    return end;
  }

  /** One transaction: the stretch's inbox rows in multi-row inserts, its handlers, the place; a handler's failure rolls it back (HandlerFailed). */
  private async handleStretch(batch: InboundBatch, readings: Reading[], from: number, end: number): Promise<Stretch> {
    const { dataSource, schema, metrics } = this.options;
    return dataSource.transaction(async (manager) => {
      const startedAt = Date.now();
      const claimed = new Set<string>();
      // Claimed ahead in slices that double (8, 16, 32…): a stretch cut short by the time limit gives back
      // fewer rows than it handled, where one insert for all would give back most of them when the host is slow.
      let claimedUpTo = from;
      const stretch: Stretch = { through: from - 1, outcomes: [] };
      for (let index = from; index < end; index++) {
        const reading = readings[index];
        if (reading.kind === 'poison') break;
        if (reading.kind === 'skipped') {
          stretch.outcomes.push({ type: reading.type, outcome: 'ignored' });
          stretch.through = index;
          continue;
        }
        const { event, handler } = reading;
        if (index > from && (Date.now() - startedAt >= this.limits.ms || this.handedBack(batch.messages[index]))) break;
        if (index >= claimedUpTo) {
          claimedUpTo = Math.min(end, from + Math.max(FIRST_CLAIM, 2 * (index - from)));
          const slice = readings.slice(index, claimedUpTo).flatMap((ahead) => (ahead.kind === 'event' ? [ahead.event] : []));
          for (const id of await claimInboxRows(manager, schema, slice)) claimed.add(id);
        }
        if (!claimed.delete(inboxIdOf(event))) {
          stretch.outcomes.push({ type: event.type, outcome: 'duplicate' });
          stretch.through = index;
          continue;
        }
        const stopTimer = metrics.handlerDuration.startTimer({ event_type: event.type });
        try {
          await handler(event, { manager });
          stopTimer();
        } catch (error) {
          if (isDatabaseUnavailable(error)) throw error;
          throw new HandlerFailed(index, error);
        }
        stretch.outcomes.push({ type: event.type, outcome: 'handled' });
        stretch.through = index;
      }
      // Rows claimed for events this transaction leaves to a later one.
      if (claimed.size > 0) await manager.query(`DELETE FROM ${schema}.inbox WHERE event_id = ANY($1::uuid[])`, [[...claimed]]);
      if (stretch.through >= from) await batch.savePlace?.(manager, stretch.through);
      return stretch;
    });
  }

  /** The one-event path: its own transaction per attempt, retried with backoff, then dead-lettered. */
  private async handleAlone(message: InboundMessage, reading: Reading, firstFailure?: { error: unknown }): Promise<void> {
    const { metrics, bus, service } = this.options;
    if (reading.kind === 'poison') return this.deadLetterPoison(message, reading.error);
    if (reading.kind === 'skipped') return this.count(reading, 'ignored');
    const { event, handler } = reading;
    for (let attempt = 1, waits = 0; ; attempt++) {
      let failure = attempt === 1 ? firstFailure : undefined;
      if (!failure) {
        const stopTimer = metrics.handlerDuration.startTimer({ event_type: event.type });
        try {
          const outcome = await this.exclusively(() => this.handleOnce(event, handler));
          stopTimer();
          metrics.consumed.inc({ event_type: event.type, outcome });
          this.resumed();
          return;
        } catch (error) {
          failure = { error };
        }
      }
      const { error } = failure;
      if (isDatabaseUnavailable(error)) {
        // Not the event's fault: it is not counted against it and never dead-lettered for it.
        metrics.failed.inc({ event_type: event.type, stage: 'database-unavailable' });
        await this.pause(message, asError(error), ++waits);
        attempt--;
        continue;
      }
      metrics.failed.inc({ event_type: event.type, stage: 'handler' });
      if (isPermanent(error) || attempt >= this.retry.attempts) {
        metrics.deadLettered.inc({ event_type: event.type });
        await bus.deadLetter(service, message, asError(error), attempt);
        this.options.log?.(`dead-lettered ${event.type} ${event.metadata.eventId} after ${attempt} attempt(s): ${asError(error).message}`);
        return;
      }
      await sleep(backoffMs(this.retry, attempt));
    }
  }

  private async deadLetterPoison(message: InboundMessage, error: Error): Promise<void> {
    const { metrics, bus, service } = this.options;
    const type = eventTypeOf(message.payload);
    metrics.failed.inc({ event_type: type, stage: 'contract' });
    metrics.deadLettered.inc({ event_type: type });
    await bus.deadLetter(service, message, error, 1);
    this.options.log?.(`dead-lettered ${message.origin}: ${error.message}`);
  }

  private count(reading: Reading, outcome: HandlingOutcome): void {
    this.options.metrics.consumed.inc({ event_type: typeOf(reading), outcome });
  }

  private handedBack(message: InboundMessage): boolean {
    return this.stopped || message.handedBack?.() === true;
  }

  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.lastTransaction.then(work, work);
    this.lastTransaction = turn.catch(() => undefined);
    return turn;
  }

  private async pause(message: InboundMessage, error: Error, waits: number): Promise<void> {
    if (this.pausedSince === null) {
      this.pausedSince = Date.now();
      this.options.log?.(`database unavailable (${error.message}); consumption paused at ${message.origin} until it answers`);
    }
    const delay = backoffMs({ ...this.retry, maxBackoffMs: Math.max(this.retry.maxBackoffMs, 1_000) }, Math.min(waits, 10));
    // Waits in short slices so a shutdown does not wait for the database either.
    const handedBack = () => this.handedBack(message);
    for (let waited = 0; waited < delay && !handedBack(); waited += PAUSE_SLICE_MS) await sleep(PAUSE_SLICE_MS);
    if (handedBack()) throw new ConsumerStopped(message.origin);
    await message.heartbeat?.();
  }

  private resumed(): void {
    if (this.pausedSince === null) return;
    this.options.log?.(`database back; consumption resumed after ${Math.round((Date.now() - this.pausedSince) / 1000)} s`);
    this.pausedSince = null;
  }

  private async handleOnce(event: ComplaintEvent, handler: EventHandler): Promise<HandlingOutcome> {
    const { dataSource, schema } = this.options;
    const outcome = await dataSource.transaction(async (manager) => {
      if ((await claimInboxRows(manager, schema, [event])).size === 0) return 'duplicate' as const;
      await handler(event, { manager });
      return 'handled' as const;
    });
    if (outcome === 'handled') LogSignal.appended(schema);
    return outcome;
  }
}

/** Inserts the events' inbox rows; returns the ids that were not there yet (the events to handle). */
const claimInboxRows = async (manager: EntityManager, schema: string, events: ComplaintEvent[]): Promise<Set<string>> => {
  if (events.length === 0) return new Set();
  const fresh = await preparedQuery<{ event_id: string }>(
    { manager },
    `mallcare-inbox-claim-${schema}`,
    `INSERT INTO ${schema}.inbox (event_id, event_type) SELECT * FROM unnest($1::uuid[], $2::text[])
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [events.map(inboxIdOf), events.map((event) => event.type)],
  );
  return new Set(fresh.map((row) => row.event_id));
};

/** As PostgreSQL writes a uuid, so that it matches the ids the inbox insert returns. */
const inboxIdOf = (event: ComplaintEvent): string => event.metadata.eventId.toLowerCase();

const typeOf = (reading: Reading): string =>
  reading.kind === 'event' ? reading.event.type : reading.kind === 'skipped' ? reading.type : 'unknown';

const PAUSE_SLICE_MS = 100;
/** Events whose inbox rows a batch transaction claims first. */
const FIRST_CLAIM = 8;

/** The consumer is shutting down while the database is away: the message goes back unhandled. */
export class ConsumerStopped extends Error {
  constructor(origin: string) {
    super(`stopping: ${origin} handed back unhandled`);
    this.name = 'ConsumerStopped';
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const eventTypeOf = (payload: string): string => {
  try {
    const type = (JSON.parse(payload) as { type?: unknown }).type;
    return typeof type === 'string' && isKnownEventType(type) ? type : 'unknown';
  } catch {
    return 'unparseable';
  }
};
