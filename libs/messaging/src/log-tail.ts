import { LOG_START, LogSignal, loadCheckpoint, logHead, readLog, saveCheckpoint, type LogPosition, type StoredEvent } from '@mallcare/event-store';
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
  pollIntervalMs: number;
  /** Called with each batch in log order; the checkpoint moves past it only when this resolves. */
  onBatch: (events: StoredEvent[]) => Promise<void>;
  onError: (error: Error) => void;
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
  private unsubscribe: (() => void) | null = null;
  position: LogPosition | null = null;

  constructor(private readonly options: LogTailOptions) {}

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
          await onBatch(batch);
          const last = batch[batch.length - 1].position;
          if (!live) await saveCheckpoint(dataSource, checkpointSchema, reader, last);
          this.position = last;
          failures = 0;
          continue;
        }
        failures = 0;
        await this.idle(this.options.pollIntervalMs);
      } catch (error) {
        failures++;
        this.options.onError(error instanceof Error ? error : new Error(String(error)));
        // A durable reader re-reads its saved checkpoint; a live one keeps its place (it has no other).
        if (!live) this.position = null;
        await this.idle(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
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

/** PostgreSQL's undefined_table and invalid_schema_name. */
const isMissingRelation = (error: unknown): boolean => {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ?? (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return code === '42P01' || code === '3F000';
};
