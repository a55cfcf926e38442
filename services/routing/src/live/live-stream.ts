import type { Response } from 'express';
import type { NumberedChange } from './live-feed';

export type DropReason = 'slow-client';

export interface LiveStreamOptions {
  /** Only this mall's changes; null: every mall (HQ). */
  mallId: string | null;
  heartbeatMs: number;
  maxBufferedBytes: number;
  onDropped: (reason: DropReason) => void;
}

/**
 * One open `text/event-stream` response. Writes never wait: what the socket has not taken yet stays in
 * the response's buffer, and a client that lets it pass `maxBufferedBytes` is disconnected (it reconnects
 * with Last-Event-ID, or resyncs) instead of growing the process's memory.
 */
export class LiveStream {
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly response: Response,
    private readonly options: LiveStreamOptions,
  ) {}

  open(): void {
    this.response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and similar proxies would otherwise hold events back in their buffers.
      'X-Accel-Buffering': 'no',
    });
    this.write(': connected\n\n');
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  send(entry: NumberedChange): void {
    if (this.options.mallId !== null && entry.change.mallId !== this.options.mallId) return;
    this.write(`id: ${entry.id}\nevent: change\ndata: ${JSON.stringify(entry.change)}\n\n`);
  }

  /** The changes after the client's Last-Event-ID are gone: it must reload its lists. */
  resync(reason: string): void {
    this.write(`event: resync\ndata: ${JSON.stringify({ reason })}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.response.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(text: string): void {
    if (this.closed) return;
    this.response.write(text);
    if (this.response.writableLength > this.options.maxBufferedBytes) {
      this.closed = true;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.response.destroy();
      this.options.onDropped('slow-client');
    }
  }
}
