import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ProducingService } from '@mallcare/contracts';
import { LogSignal } from '@mallcare/event-store';
import { Counter, Gauge, Registry } from 'prom-client';
import { EVENT_BUS, type EventBus, type InboundMessage, type LiveWatch } from '@mallcare/messaging';
import { EVENTS_ROUTING_APPLIES } from '../cases/consumed-events';
import { liveChangeOf, liveHeaderOf, type LiveChange, type LiveEventHeader } from './live-change';
import { LiveReadModelRepository } from './live-read-model.repository';
import { LIVE_SETTINGS, type LiveSettings } from './live.settings';

/** Whose logs feed the consoles: the complaint's registration, its case, its clocks and its callback. */
export const LIVE_SOURCES: readonly ProducingService[] = ['intake', 'routing', 'sla-monitor', 'callback'];

export interface NumberedChange {
  /** `<epoch>.<sequence>`: opaque to clients, meaningful only to the process that numbered it. */
  id: string;
  seq: number;
  change: LiveChange;
}

export type ChangeListener = (entry: NumberedChange) => void;

/** What a (re)connecting stream gets: the changes after its Last-Event-ID, or `resync` when they are no longer all here. */
export type Backlog = { changes: NumberedChange[] } | { resync: 'unknown-id' | 'expired' };

/** A change heard that routing's consumers apply, not yet announced. */
interface Heard {
  header: LiveEventHeader;
  heardAt: number;
}

/** The shortest time between two inbox lookups for held changes. */
const READ_MODEL_MIN_ROUND_MS = 25;

/**
 * The process's one live feed: a watch on the four producers' events (over whichever transport runs),
 * each change numbered, the last `retainedChanges` kept for resuming, and fanned out to every open
 * stream. No stream reads the database.
 *
 * A change is announced once routing's work queue shows it, so a console's one re-read of the row
 * finds it: events routing's consumers apply (a registration, a clock's, …) wait for their
 * routing.inbox row, committed with the queue's change (bounded by `readModelWaitMs`); routing's own
 * events are in the queue before they are published.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('routing:live');
  private readonly epoch = randomBytes(6).toString('hex');
  private seq = 0;
  private retained: NumberedChange[] = [];
  private readonly listeners = new Set<ChangeListener>();
  private incoming: LiveEventHeader[] = [];
  private held: Heard[] = [];
  private draining = false;
  private wake: (() => void) | null = null;
  private closed = false;
  private lastInboxRound = 0;
  private readonly stopListening = LogSignal.onAppended((schema) => schema === 'routing' && this.wake?.());
  private watch: LiveWatch | null = null;
  private readonly heldGauge: Gauge;
  private readonly unheard: Counter;
  /** Until when changes are numbered with no stream open (the linger after the last one closed). */
  private lingerUntil = 0;
  /** Changes have gone unheard since the last subscription: no backlog reaches back past them. */
  private inGap = false;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly read: LiveReadModelRepository,
    @Inject(LIVE_SETTINGS) private readonly settings: LiveSettings,
    @Inject(Registry) registry: Registry,
  ) {
    this.heldGauge = new Gauge({
      name: 'mallcare_live_changes_held',
      help: 'Changes heard by the live feed and not yet announced: routing has not applied them to its work queue yet.',
      registers: [registry],
    });
    this.unheard = new Counter({
      name: 'mallcare_live_changes_unheard_total',
      help: 'Changes the live feed let pass unread because no stream was open (past the linger after the last one closed).',
      registers: [registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.watch = await this.bus.watch('routing', LIVE_SOURCES, (message) => this.receive(message));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.stopListening();
    this.wake?.();
    const watch = this.watch;
    this.watch = null;
    await watch?.close().catch(() => undefined);
  }

  /** Registers `listener` and returns what it missed since `lastEventId`, atomically: no change falls in between. */
  subscribe(lastEventId: string | undefined, listener: ChangeListener): { backlog: Backlog; unsubscribe: () => void } {
    this.listeners.add(listener);
    this.inGap = false;
    const unsubscribe = () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.lingerUntil = Date.now() + this.settings.lingerMs;
    };
    return { backlog: this.backlogAfter(lastEventId), unsubscribe };
  }

  private backlogAfter(lastEventId: string | undefined): Backlog {
    if (lastEventId === undefined || lastEventId.trim() === '') return { changes: [] };
    const match = /^([0-9a-f]+)\.(\d{1,15})$/.exec(lastEventId.trim());
    if (!match || match[1] !== this.epoch || Number(match[2]) > this.seq) return { resync: 'unknown-id' };
    const after = Number(match[2]);
    const oldest = this.retained[0]?.seq ?? this.seq + 1;
    if (after < oldest - 1) return { resync: 'expired' };
    return { changes: this.retained.filter((entry) => entry.seq > after) };
  }

  private receive(message: InboundMessage): void {
    if (this.listeners.size === 0 && Date.now() >= this.lingerUntil) return this.letPass();
    const header = liveHeaderOf(message.payload);
    if (!header) return;
    this.incoming.push(header);
    this.wake?.();
    void this.drain();
  }

  /**
   * Announces at once what needs no waiting (routing's own events and those it does not apply), then,
   * in the order heard, the held changes the work queue has now (or that waited their bound): one
   * inbox lookup per round, at most one round per READ_MODEL_MIN_ROUND_MS, so a backlog of held
   * changes (a consumer behind a wave of clock events) neither delays the rest nor floods the database.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.closed && (this.incoming.length > 0 || this.held.length > 0)) {
        const now = Date.now();
        const immediate: LiveEventHeader[] = [];
        for (const header of this.incoming.splice(0)) {
          if (EVENTS_ROUTING_APPLIES.has(header.type)) this.held.push({ header, heardAt: now });
          else immediate.push(header);
        }
        if (immediate.length > 0) await this.announce(immediate);
        if (this.held.length > 0 && now - this.lastInboxRound >= READ_MODEL_MIN_ROUND_MS) {
          this.lastInboxRound = now;
          const applied = await this.read.applied(this.held.map((heard) => heard.header.eventId)).catch((error: Error) => {
            this.logger.warn(`inbox of live changes: ${error.message}`);
            return new Set<string>();
          });
          const due = Date.now() - this.settings.readModelWaitMs;
          const ready: LiveEventHeader[] = [];
          const waiting: Heard[] = [];
          let late = 0;
          for (const heard of this.held) {
            if (applied.has(heard.header.eventId)) ready.push(heard.header);
            else if (heard.heardAt <= due) {
              ready.push(heard.header);
              late++;
            } else waiting.push(heard);
          }
          this.held = waiting;
          this.heldGauge.set(waiting.length);
          if (late > 0) this.logger.warn(`${late} live change(s) announced before routing applied them (waited ${this.settings.readModelWaitMs} ms)`);
          if (ready.length > 0) await this.announce(ready);
        }
        if (this.held.length > 0 && this.incoming.length === 0) await this.nextRound(Math.max(READ_MODEL_MIN_ROUND_MS - (Date.now() - this.lastInboxRound), 0));
      }
    } finally {
      this.draining = false;
    }
  }

  /** One department lookup for the batch, then each change in order. */
  private async announce(headers: LiveEventHeader[]): Promise<void> {
    const departments = await this.read.handlingDepartments(headers.map((header) => header.complaintId)).catch((error: Error) => {
      this.logger.warn(`departments of live changes: ${error.message}`);
      return new Map<string, string>();
    });
    for (const header of headers) this.publish(liveChangeOf(header, departments.get(header.complaintId) ?? null));
  }

  /**
   * Until routing commits in this process, a change arrives, or the poll interval passes (commits of
   * other processes); never sooner than `atLeastMs` unless a change arrives.
   */
  private async nextRound(atLeastMs: number): Promise<void> {
    if (atLeastMs > 0) await new Promise<void>((done) => setTimeout(done, atLeastMs));
    if (this.incoming.length > 0 || this.closed) return;
    await new Promise<void>((done) => {
      const timer = setTimeout(() => this.wake?.(), this.settings.readModelPollMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        done();
      };
    });
  }

  /**
   * Nobody to tell: the change is not read, nor its case looked up. The first one of a quiet spell
   * takes a number of its own and empties the backlog, so a resume from before it gets `resync`
   * instead of a history with a hole.
   */
  private letPass(): void {
    this.unheard.inc();
    if (this.inGap) return;
    this.inGap = true;
    this.seq += 1;
    this.retained = [];
  }

  private publish(change: LiveChange): void {
    this.seq += 1;
    const entry: NumberedChange = { id: `${this.epoch}.${this.seq}`, seq: this.seq, change };
    this.retained.push(entry);
    // Trimmed in chunks, so keeping N costs O(1) per change on average.
    if (this.retained.length > this.settings.retainedChanges * 2 || (this.settings.retainedChanges === 0 && this.retained.length > 0)) {
      this.retained = this.retained.slice(this.retained.length - this.settings.retainedChanges);
    }
    for (const listener of this.listeners) listener(entry);
  }
}
