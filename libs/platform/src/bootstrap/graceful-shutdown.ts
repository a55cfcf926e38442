import type { Server as HttpServer } from 'node:http';
import { Injectable, type INestApplication, type LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Whether the service still takes work; readiness answers 503 from the moment a shutdown begins. */
@Injectable()
export class ServiceLifecycle {
  private drainingSince: Date | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  beginDraining(): void {
    this.drainingSince ??= new Date();
  }
}

/**
 * Counts requests in progress so a shutdown can let them finish. While draining, every answer carries
 * `Connection: close`, so a keep-alive client opens its next connection elsewhere (or after restart).
 */
export class InFlightRequests {
  private readonly responses = new Set<Response>();
  private idle: (() => void) | null = null;

  constructor(private readonly lifecycle: ServiceLifecycle) {}

  readonly middleware = (_request: Request, response: Response, next: NextFunction): void => {
    this.responses.add(response);
    if (this.lifecycle.draining) response.setHeader('Connection', 'close');
    response.once('close', () => {
      this.responses.delete(response);
      if (this.responses.size === 0) this.idle?.();
    });
    next();
  };

  get inProgress(): number {
    return this.responses.size;
  }

  /** Stops accepting connections, closes idle keep-alive ones, and resolves once every request has answered. */
  async drain(server: HttpServer): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const response of this.responses) if (!response.headersSent) response.setHeader('Connection', 'close');
    if (this.responses.size > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    // Connections that were busy are idle now; close them too so server.close() completes.
    server.closeIdleConnections();
    await closed;
  }
}

export interface GracefulShutdownOptions {
  app: INestApplication;
  lifecycle: ServiceLifecycle;
  requests: InFlightRequests;
  /** The event consumers: they finish or hand back the message in hand and commit before anything else closes. */
  stopConsumers: () => Promise<void>;
  /** Readiness is false this long before the listener closes (lets a load balancer take the instance out). */
  drainDelayMs: number;
  /** Past this the process exits anyway, with code 1. */
  timeoutMs: number;
  logger: LoggerService;
  exit?: (code: number) => void;
}

/**
 * The order of a graceful stop: readiness false → the HTTP listener closes and requests in progress
 * answer → consumers finish or hand back their batch and commit → the rest of the application closes
 * (outbox relay, timers, database pool) → exit 0. Whatever hangs, the process exits within `timeoutMs`.
 */
export const gracefulShutdown = async (reason: string, options: GracefulShutdownOptions): Promise<void> => {
  const { app, lifecycle, requests, logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  if (lifecycle.draining) return;
  lifecycle.beginDraining();
  const started = Date.now();
  const force = setTimeout(() => {
    logger.error(`shutdown (${reason}) not finished after ${timeoutMs} ms (${requests.inProgress} request(s) in progress); exiting`);
    exit(1);
  }, timeoutMs);
  logger.log(`${reason}: draining (readiness false, ${requests.inProgress} request(s) in progress)`);
  try {
    if (options.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
    await requests.drain(app.getHttpServer() as HttpServer);
    await options.stopConsumers();
    await app.close();
    clearTimeout(force);
    logger.log(`stopped cleanly in ${Date.now() - started} ms`);
    exit(0);
  } catch (error) {
    clearTimeout(force);
    logger.error(`shutdown (${reason}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    exit(1);
  }
};
