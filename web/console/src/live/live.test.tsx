import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../auth/session';
import { ENGINEER } from '../test-support';
import { LiveProvider, useLiveStatus } from './live';

const Status = () => <span data-testid="status">{useLiveStatus()}</span>;

/** A real SSE server on 127.0.0.1 speaking /live's contract; the console's fetch is pointed at it. */
describe('live updates from GET /live', () => {
  let server: Server;
  let streams: ServerResponse[];
  let requests: IncomingMessage[];
  let answer: 'stream' | 'html';

  beforeEach(async () => {
    streams = [];
    requests = [];
    answer = 'stream';
    server = createServer((request, response) => {
      requests.push(request);
      if (answer === 'html') {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': heartbeat\n\n');
      streams.push(response);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) => realFetch(input.replace(window.location.origin, base), init));
  });
  afterEach(async () => {
    streams.forEach((stream) => stream.destroy());
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const mount = () => {
    const queryClient = new QueryClient();
    // A work queue read earlier and not on screen now: a change to one of its cases marks it stale.
    queryClient.setQueryData(['queue', 'mine', 'engineering', {}], { rows: [], total: 0, complete: true });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    render(
      <QueryClientProvider client={queryClient}>
        <SessionProvider initial={{ identity: ENGINEER, token: 'live-token' }}>
          <LiveProvider>
            <Status />
          </LiveProvider>
        </SessionProvider>
      </QueryClientProvider>,
    );
    return invalidate;
  };

  it('sends the bearer token, invalidates what a change touches, and resumes from the last event id after a drop', async () => {
    const invalidate = mount();
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('up'));
    expect(requests[0].headers.authorization).toBe('Bearer live-token');

    streams[0].write('id: 17\nevent: change\ndata: {"kind":"case","type":"CaseAccepted","complaintId":"c1","mallId":"SH01","departmentId":"engineering","occurredAt":"2026-12-02T01:00:00Z"}\n\n');
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: ['queue', 'mine', 'engineering', {}], exact: true, refetchType: 'none' }));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['case', 'c1'] });

    invalidate.mockClear();
    streams[0].destroy();
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('down'));
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('up'), { timeout: 5_000 });
    expect(requests[1].headers['last-event-id']).toBe('17');
    // Back after a drop: everything on screen is read again.
    expect(invalidate).toHaveBeenCalledWith();
  });

  it('falls back to polling where no service answers /live with a stream', async () => {
    answer = 'html';
    mount();
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('polling'));
  });
});
