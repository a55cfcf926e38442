import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Gauge, Registry } from 'prom-client';
import { LiveFeed } from './live-feed';
import { LiveStream } from './live-stream';
import { LIVE_SETTINGS, type LiveSettings } from './live.settings';

export interface OpenStream {
  /** Only this mall's changes; null: every mall. */
  mallId: string | null;
  lastEventId: string | undefined;
  request: Request;
  response: Response;
}

/** Opens, counts and closes the consoles' live streams over the process's one feed. */
@Injectable()
export class LiveStreamsService implements OnModuleDestroy {
  private readonly streams = new Set<LiveStream>();
  private readonly openGauge: Gauge;
  private readonly dropped: Counter<'reason'>;

  constructor(
    private readonly feed: LiveFeed,
    @Inject(LIVE_SETTINGS) private readonly settings: LiveSettings,
    @Inject(Registry) registry: Registry,
  ) {
    this.openGauge = new Gauge({
      name: 'mallcare_live_streams_open',
      help: 'Live update streams (GET /live) open now.',
      registers: [registry],
    });
    this.dropped = new Counter({
      name: 'mallcare_live_streams_dropped_total',
      help: 'Live streams the service closed, by reason (slow-client: more unsent than LIVE_MAX_BUFFERED_BYTES).',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  open({ mallId, lastEventId, request, response }: OpenStream): void {
    const stream = new LiveStream(response, {
      mallId,
      heartbeatMs: this.settings.heartbeatMs,
      maxBufferedBytes: this.settings.maxBufferedBytes,
      onDropped: (reason) => this.dropped.inc({ reason }),
    });
    stream.open();
    const { backlog, unsubscribe } = this.feed.subscribe(lastEventId, (entry) => stream.send(entry));
    this.streams.add(stream);
    this.openGauge.set(this.streams.size);
    const forget = () => {
      if (!this.streams.delete(stream)) return;
      unsubscribe();
      stream.close();
      this.openGauge.set(this.streams.size);
    };
    request.on('close', forget);
    response.on('close', forget);
    if ('resync' in backlog) stream.resync(backlog.resync);
    else for (const entry of backlog.changes) stream.send(entry);
  }

  /** Ends every stream, so the HTTP server can close (clients reconnect to another instance). */
  onModuleDestroy(): void {
    for (const stream of [...this.streams]) stream.close();
    this.streams.clear();
    this.openGauge.set(0);
  }
}
