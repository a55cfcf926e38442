import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ProducingService } from '@mallcare/contracts';
import { EVENT_BUS, type EventBus, type InboundMessage, type LiveWatch } from '@mallcare/messaging';
import { liveChangeOf, liveHeaderOf, type LiveChange, type LiveEventHeader } from './live-change';
import { LiveDepartmentsRepository } from './live-departments.repository';
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

/**
 * The process's one live feed: a watch on the four producers' events (over whichever transport runs),
 * each change numbered, the last `retainedChanges` kept for resuming, and fanned out to every open
 * stream. No stream reads the database.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('routing:live');
  private readonly epoch = randomBytes(6).toString('hex');
  private seq = 0;
  private retained: NumberedChange[] = [];
  private readonly listeners = new Set<ChangeListener>();
  private pending: LiveEventHeader[] = [];
  private draining = false;
  private watch: LiveWatch | null = null;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly departments: LiveDepartmentsRepository,
    @Inject(LIVE_SETTINGS) private readonly settings: LiveSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.watch = await this.bus.watch('routing', LIVE_SOURCES, (message) => this.receive(message));
  }

  async onModuleDestroy(): Promise<void> {
    const watch = this.watch;
    this.watch = null;
    await watch?.close().catch(() => undefined);
  }

  /** Registers `listener` and returns what it missed since `lastEventId`, atomically: no change falls in between. */
  subscribe(lastEventId: string | undefined, listener: ChangeListener): { backlog: Backlog; unsubscribe: () => void } {
    this.listeners.add(listener);
    return { backlog: this.backlogAfter(lastEventId), unsubscribe: () => this.listeners.delete(listener) };
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
    const header = liveHeaderOf(message.payload);
    if (!header) return;
    this.pending.push(header);
    void this.drain();
  }

  /** One department lookup per batch, then the changes in arrival order. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        const departments = await this.departments.handlingDepartments(batch.map((header) => header.complaintId)).catch((error: Error) => {
          this.logger.warn(`departments of live changes: ${error.message}`);
          return new Map<string, string>();
        });
        for (const header of batch) this.publish(liveChangeOf(header, departments.get(header.complaintId) ?? null));
      }
    } finally {
      this.draining = false;
    }
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
