import { hasEventsAfter, LOG_START, LogSignal, loadCheckpoint, logHead, readLog, saveCheckpoint, type LogPosition, type StoredEvent } from '@mallcare/event-store';
import type { DataSource } from 'typeorm';

export interface LogTailOptions {
  dataSource: DataSource;
  /** The schema whose log is read. */
  sourceSchema: string;
  /** The schema that keeps this reader's checkpoint (the reader's own). */
  checkpointSchema: string;
  reader: string;
  /**
   * `durable` (default): from the reader's saved checkpoint, saved after each batch. `live`: from the
   * log's head when started, kept in memory only (a live view that wants what comes next, not history).
   */
  checkpoint?: 'durable' | 'live';
  batchSize: number;
  /**
   * The wait after a read that found nothing and was not asked for by a signal. It doubles with each
   * such read up to `maxIdlePollMs` (default 8 × this): appends wake the tail (in-process signal, or
   * LogNotifications for other processes), so the poll is only the safety net.
   */
  pollIntervalMs: number;
  maxIdlePollMs?: number;
  /**
   * Called with each batch in log order; the checkpoint moves past it only when this resolves, and only
   * as far as it says it got (all of it when it says nothing). `checkpointed`: it saved the checkpoint there itself.
   */
  onBatch: (events: StoredEvent[]) => Promise<BatchProgress | void>;
  onError: (error: Error) => void;
}

export interface BatchProgress {
  /** The index of the last event done; −1: none. */
  through: number;
  checkpointed: boolean;
}

/**
 * Follows one service's PostgreSQL log from a durable checkpoint. Wakes on an in-process append
 * signal or after `pollIntervalMs`, whichever comes first; used by the embedded transport's
 * followers and by the Kafka outbox relay.
 */
export class LogTail {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Set by an append signal that arrives while the tail is busy, so it reads again at once. */
  private signalled = false;
  /** Empty reads in a row with nothing at all after the position / with commits it may not pass yet. */
  private quietReads = 0;
  private heldBackReads = 0;
  private unsubscribe: (() => void) | null = null;
  position: LogPosition | null = null;

  constructor(private readonly options: LogTailOptions) {}

  /** The last read found nothing at all after the position and no append was signalled since. */
  get caughtUp(): boolean {
    return this.quietReads > 0 && !this.signalled;
  }

  /** True once stop() was called: the batch in hand is left for the next reader. */
  get stopping(): boolean {
    return !this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = LogSignal.onAppended((schema) => {
      if (schema !== this.options.sourceSchema) return;
      this.signalled = true;
      this.wake?.();
    });
    this.loop = this.run();
  }

  /** A live tail: takes the log's head as its position, then starts, so nothing appended after this resolves is missed. */
  async startFromHead(): Promise<void> {
    try {
      this.position = await logHead(this.options.dataSource, this.options.sourceSchema);
    } catch (error) {
      // A producer not migrated yet (services start in any order) has appended nothing: all it will append is new.
      if (isMissingRelation(error)) this.position = LOG_START;
      else this.options.onError(error instanceof Error ? error : new Error(String(error)));
    }
    this.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.unsubscribe?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { dataSource, sourceSchema, checkpointSchema, reader, batchSize, onBatch } = this.options;
    const live = this.options.checkpoint === 'live';
    let failures = 0;
    while (this.running) {
      try {
        this.signalled = false;
        this.position ??= live ? await logHead(dataSource, sourceSchema) : await loadCheckpoint(dataSource, checkpointSchema, reader);
        const batch = await readLog(dataSource, sourceSchema, this.position, batchSize);
        if (batch.length > 0) {
          const progress = (await onBatch(batch)) ?? { through: batch.length - 1, checkpointed: false };
          // A reader that stops mid-batch leaves the rest for the next one.
          if (progress.through < 0) {
            await this.idle(this.options.pollIntervalMs);
            continue;
          }
          const last = batch[progress.through].position;
          if (!live && !progress.checkpointed) await saveCheckpoint(dataSource, checkpointSchema, reader, last);
          this.position = last;
          failures = 0;
          this.quietReads = 0;
          this.heldBackReads = 0;
          continue;
        }
        failures = 0;
        await this.idle(await this.emptyReadWait(this.position));
      } catch (error) {
        failures++;
        this.options.onError(error instanceof Error ? error : new Error(String(error)));
        // A durable reader re-reads its saved checkpoint; a live one keeps its place (it has no other).
        if (!live) this.position = null;
        await this.idle(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /**
   * After a read that found nothing. Commits it may not pass yet (an older transaction, of any service,
   * still runs: see readLog) become readable when that transaction ends, and no signal says when: look
   * again soon (50 ms, doubling up to the poll interval). With nothing at all after the position, the
   * wait doubles up to maxIdlePollMs: the next append signals.
   */
  private async emptyReadWait(position: LogPosition): Promise<number> {
    const { dataSource, sourceSchema, pollIntervalMs } = this.options;
    if (await hasEventsAfter(dataSource, sourceSchema, position)) {
      this.quietReads = 0;
      return Math.min(pollIntervalMs, HELD_BACK_RETRY_MS * 2 ** Math.min(this.heldBackReads++, 10));
    }
    this.heldBackReads = 0;
    const maxIdlePollMs = Math.max(pollIntervalMs, this.options.maxIdlePollMs ?? pollIntervalMs * 8);
    return Math.min(maxIdlePollMs, pollIntervalMs * 2 ** Math.min(this.quietReads++, 10));
  }

  private idle(ms: number): Promise<void> {
    if (this.signalled || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        this.wake = null;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** The look again after a signalled read found only commits it may not pass yet. */
const HELD_BACK_RETRY_MS = 50;

/** PostgreSQL's undefined_table and invalid_schema_name. */
const isMissingRelation = (error: unknown): boolean => {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ?? (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return code === '42P01' || code === '3F000';
};
