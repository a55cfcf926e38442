import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Response } from 'express';
import type { NumberedChange } from './live-feed';
import { LiveStream, type DropReason } from './live-stream';

const change = (seq: number): NumberedChange => ({
  id: `feed.${seq}`,
  seq,
  change: { kind: 'case', type: 'CaseProgressNoted', complaintId: '00000000-0000-4000-8000-000000000001', mallId: 'SH01', departmentId: 'engineering', occurredAt: '2026-12-02T01:00:00.000Z' },
});

/** A real HTTP response over loopback, to a client socket that never reads: what a stalled console is to the server. */
describe('a live stream to a client that stops reading', () => {
  let server: Server;
  let client: Socket;
  let stream: LiveStream;
  const dropped: DropReason[] = [];

  beforeAll(async () => {
    const opened = new Promise<void>((resolve) => {
      server = createServer((_request, response) => {
        stream = new LiveStream(response as unknown as Response, { mallId: 'SH01', heartbeatMs: 60_000, maxBufferedBytes: 64 * 1024, onDropped: (reason) => dropped.push(reason) });
        stream.open();
        resolve();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    client.write('GET /live HTTP/1.1\r\nHost: test\r\n\r\n');
    client.pause();
    await opened;
  });

  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is disconnected once its unsent changes pass the bound, instead of buffering without end', () => {
    // A burst of changes in one go: nothing drains meanwhile, so all of it waits in the process's buffer.
    const most = 200_000;
    let sent = 0;
    while (!stream.isClosed && sent < most) stream.send(change(++sent));
    expect(stream.isClosed).toBe(true);
    expect(dropped).toEqual(['slow-client']);
    expect(sent).toBeLessThan(most);
  });
});
