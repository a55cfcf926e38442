import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import express from 'express';
import { gracefulShutdown, InFlightRequests, ServiceLifecycle } from './graceful-shutdown';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** An express server behind the in-flight counter, with one route that answers when the test says so. */
const serverWithSlowRoute = async () => {
  const lifecycle = new ServiceLifecycle();
  const requests = new InFlightRequests(lifecycle);
  let release: () => void = () => undefined;
  let server!: Server;
  const arrived = new Promise<void>((resolveArrived) => {
    const app = express();
    app.use(requests.middleware);
    app.get('/slow', (_req, res) => {
      resolveArrived();
      release = () => res.json({ done: true });
    });
    server = createServer(app);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const get = (path: string) =>
    new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      }).on('error', reject).end();
    });
  const app = { getHttpServer: () => server, close: async () => undefined } as unknown as INestApplication;
  return { lifecycle, requests, server, get, arrived, release: () => release(), app };
};

describe('gracefulShutdown', () => {
  it('turns readiness false, lets the request in progress answer, refuses new connections, then exits 0', async () => {
    const { lifecycle, requests, get, arrived, release, app } = await serverWithSlowRoute();
    const inProgress = get('/slow');
    await arrived;
    const steps: string[] = [];
    const exited = new Promise<number>((resolve) => {
      void gracefulShutdown('SIGTERM', {
        app,
        lifecycle,
        requests,
        stopConsumers: async () => void steps.push('consumers'),
        drainDelayMs: 0,
        timeoutMs: 60_000,
        logger: silent,
        exit: resolve,
      });
    });
    expect(lifecycle.draining).toBe(true);
    await expect(get('/slow')).rejects.toThrow(/ECONNREFUSED/);
    expect(steps).toEqual([]);
    release();
    expect(await inProgress).toEqual({ status: 200, body: '{"done":true}', connection: 'close' });
    expect(await exited).toBe(0);
    expect(steps).toEqual(['consumers']);
  });

  it('exits 1 when a step hangs past the bound', async () => {
    const { lifecycle, requests, app } = await serverWithSlowRoute();
    const code = await new Promise<number>((resolve) => {
      void gracefulShutdown('SIGTERM', {
        app,
        lifecycle,
        requests,
        stopConsumers: () => new Promise<void>(() => undefined),
        drainDelayMs: 0,
        timeoutMs: 1_000,
        logger: silent,
        exit: resolve,
      });
    });
    expect(code).toBe(1);
  });
});
