import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@mallcare/contracts';
import { createGateway, type GatewayOptions, type Upstreams } from './gateway';

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A raw HTTP/1.1 request, so the test controls every header (fetch would drop hop-by-hop ones). */
const send = (url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('gateway proxy (real upstream servers on 127.0.0.1)', () => {
  let seen: IncomingHttpHeaders = {};
  let releaseSecondEvent: () => void = () => undefined;
  const upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen = req.headers;
    if (req.url === '/complaints/slow') return; // never answers
    if (req.url === '/complaints/live') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('data: first\n\n');
      releaseSecondEvent = () => res.end('data: second\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive, x-upstream-hop', 'x-upstream-hop': 'secret', 'keep-alive': 'timeout=5' });
    res.end(JSON.stringify({ path: req.url }));
  });
  const gateways: Server[] = [];
  let upstreamUrl: string;
  const gatewayWith = async (options: Partial<GatewayOptions> = {}, upstreams?: Partial<Upstreams>): Promise<string> => {
    const all = Object.fromEntries(SERVICE_NAMES.map((service) => [service, upstreamUrl])) as Upstreams;
    const gateway = createGateway({ ...all, ...upstreams }, { upstreamTimeoutMs: 300, consoleDir: join(tmpdir(), 'no-console-here'), ...options });
    gateways.push(gateway);
    return listen(gateway);
  };

  beforeAll(async () => {
    upstreamUrl = await listen(upstream);
  });
  afterAll(async () => {
    releaseSecondEvent();
    for (const gateway of gateways) {
      gateway.closeAllConnections();
      await close(gateway);
    }
    upstream.closeAllConnections();
    await close(upstream);
  });

  it('sets X-Forwarded-For/-Proto/-Host itself, whatever the client claims', async () => {
    const base = await gatewayWith();
    const answer = await send(`${base}/complaints?x=1`, { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https', host: 'mall.example' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ path: '/complaints?x=1' });
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('mall.example');
  });

  it('drops hop-by-hop headers both ways, including those the Connection header names', async () => {
    const base = await gatewayWith();
    const answer = await send(`${base}/cases/abc`, { connection: 'keep-alive, x-client-hop', 'x-client-hop': '1', 'proxy-authorization': 'Basic eDp5', te: 'trailers', 'keep-alive': 'timeout=9', authorization: 'Bearer t' });
    expect(answer.status).toBe(200);
    for (const name of ['x-client-hop', 'proxy-authorization', 'te', 'keep-alive']) expect(seen).not.toHaveProperty(name);
    expect(seen.authorization).toBe('Bearer t');
    expect(answer.headers).not.toHaveProperty('x-upstream-hop');
    expect(answer.headers['keep-alive']).toBeUndefined();
  });

  it('answers 504 problem details when the upstream does not answer in time, 502 when it is down', async () => {
    const base = await gatewayWith();
    const slow = await send(`${base}/complaints/slow`);
    expect(slow.status).toBe(504);
    expect(slow.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(slow.body)).toMatchObject({ status: 504, title: 'gateway-timeout' });

    const down = await gatewayWith({}, { intake: 'http://127.0.0.1:1' });
    const refused = await send(`${down}/complaints`);
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 502, title: 'bad-gateway' });
  });

  it('takes the instances of a service in turn; the service is up while one instance is ready', async () => {
    const second = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ second: req.url }));
    });
    const secondUrl = await listen(second);
    try {
      const base = await gatewayWith({}, { intake: `${upstreamUrl},${secondUrl}` });
      const answers = [];
      for (let n = 0; n < 4; n++) answers.push(JSON.parse((await send(`${base}/complaints?n=${n}`)).body) as Record<string, string>);
      expect(answers).toEqual([{ path: '/complaints?n=0' }, { second: '/complaints?n=1' }, { path: '/complaints?n=2' }, { second: '/complaints?n=3' }]);

      const oneDown = await gatewayWith({}, { intake: `http://127.0.0.1:1,${upstreamUrl}` });
      const health = await send(`${oneDown}/health`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ready: true, services: { intake: 'up' } });
      const allDown = await gatewayWith({}, { intake: 'http://127.0.0.1:1, http://127.0.0.1:2' });
      const down = await send(`${allDown}/health`);
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body)).toMatchObject({ ready: false, services: { intake: 'down', routing: 'up' } });
    } finally {
      second.closeAllConnections();
      await close(second);
    }
  });

  /** An upstream that answers every request and counts the connections it accepted. */
  const countingUpstream = async (configure: (server: Server) => void = () => undefined) => {
    let connections = 0;
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    configure(server);
    server.on('connection', () => connections++);
    const url = await listen(server);
    return {
      url,
      connections: () => connections,
      close: async () => {
        server.closeAllConnections();
        await close(server);
      },
    };
  };

  it('reuses its connections to a service instead of opening one per request', async () => {
    const counted = await countingUpstream();
    try {
      const base = await gatewayWith({}, { intake: counted.url });
      for (let n = 0; n < 20; n++) expect((await send(`${base}/complaints?n=${n}`)).status).toBe(200);
      expect(counted.connections()).toBe(1);
    } finally {
      await counted.close();
    }
  });

  it('does not send on a kept connection the service has closed meanwhile', async () => {
    // Closes an idle connection long before the gateway would.
    const impatient = await countingUpstream((server) => {
      server.keepAliveTimeout = 50;
      server.keepAliveTimeoutBuffer = 0;
    });
    try {
      const base = await gatewayWith({}, { intake: impatient.url });
      for (let n = 0; n < 3; n++) {
        expect((await send(`${base}/complaints?n=${n}`)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(impatient.connections()).toBe(3);
    } finally {
      await impatient.close();
    }
  });

  it('passes an event stream through unbuffered and without the upstream timeout', async () => {
    const base = await gatewayWith({ upstreamTimeoutMs: 100 });
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/complaints/live`, { headers: { accept: 'text/event-stream' } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (chunk: Buffer) => {
          events.push(chunk.toString('utf8'));
          // The first event arrived while the stream is still open: now stay silent longer than the timeout.
          if (events.length === 1) setTimeout(() => releaseSecondEvent(), 400);
        });
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    expect(events.join('')).toBe('data: first\n\ndata: second\n\n');
  });

  it('sets security headers (CSP for the console) and keeps CORS closed unless configured', async () => {
    const closed = await gatewayWith();
    const answer = await send(`${closed}/complaints`, { origin: 'https://evil.example' });
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers).not.toHaveProperty('x-powered-by');
    expect(answer.headers).not.toHaveProperty('access-control-allow-origin');

    const open = await gatewayWith({ corsOrigins: ['https://console.example'] });
    expect((await send(`${open}/complaints`, { origin: 'https://console.example' })).headers['access-control-allow-origin']).toBe('https://console.example');
    expect((await send(`${open}/complaints`, { origin: 'https://evil.example' })).headers).not.toHaveProperty('access-control-allow-origin');
    const preflight = await send(`${open}/complaints`, { origin: 'https://console.example', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(preflight.status).toBe(204);
  });

  it('serves the console and its SPA fallback for paths no service owns; 404 without a console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const base = await gatewayWith({ consoleDir: dir });
    expect((await send(`${base}/`)).body).toContain('id="root"');
    expect((await send(`${base}/assets/app.js`)).headers['content-type']).toContain('javascript');
    expect((await send(`${base}/queue/SH01-0001`)).body).toContain('id="root"');
    expect((await send(`${base}/../../etc/passwd`)).body).not.toContain('root:');
    expect(JSON.parse((await send(`${base}/complaints`)).body)).toEqual({ path: '/complaints' });

    const none = await gatewayWith();
    const missing = await send(`${none}/queue`);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('serves the identity provider’s return (/sign-in/callback?code=…) as the console, its code never sent on as a Referer, and the CSP no wider', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    const base = await gatewayWith({ consoleDir: dir });
    const callback = await send(`${base}/sign-in/callback?code=abc&state=xyz&iss=http%3A%2F%2F127.0.0.1%3A4000`);
    expect(callback.status).toBe(200);
    expect(callback.body).toContain('id="root"');
    expect(callback.headers['referrer-policy']).toBe('no-referrer');
    // The browser leaves for the provider by top-level navigation and routing redeems the code: the console connects and posts only to itself.
    const directives = String(callback.headers['content-security-policy']).split(';').map((directive) => directive.trim());
    expect(directives).toEqual(expect.arrayContaining(["connect-src 'self'", "form-action 'self'", "default-src 'self'"]));
    expect(callback.headers).not.toHaveProperty('access-control-allow-origin');
  });
});
