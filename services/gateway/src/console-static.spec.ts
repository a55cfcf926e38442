import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { consoleFileFor } from './console-static';
import { createGateway, resolveRoute, upstreamsFromEnv } from './gateway';

/** The console's own paths: none may be owned by a service, or the browser's router never sees them. */
const CONSOLE_PATHS = ['/sign-in', '/desk', '/queue', '/case/7d1c2f7e-0000-4000-8000-000000000001', '/callback-desk', '/track', '/track/SH01-20261123-0007'];

describe('the staff console behind the gateway', () => {
  let root: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'console-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'outside-console.txt'), 'secret');
    // Upstreams that nobody listens on: a path the API owns must not fall back to the page.
    server = createGateway(upstreamsFromEnv({ INTAKE_URL: 'http://127.0.0.1:9', ROUTING_URL: 'http://127.0.0.1:9' }), { consoleDir: root });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(root, { recursive: true, force: true });
  });

  it.each(CONSOLE_PATHS)('leaves %s to the console (no service owns it)', (path) => {
    expect(resolveRoute(path)).toBeNull();
  });

  it.each(CONSOLE_PATHS)('answers %s with the console page (SPA fallback)', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('serves built files with long caching, the page with none, and / to a browser', async () => {
    const asset = await fetch(`${base}/assets/app-1a2b.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('console');
  });

  it('does not turn a missing asset, a write or an API path into the page', async () => {
    expect((await fetch(`${base}/assets/gone.js`)).status).toBe(404);
    expect((await fetch(`${base}/desk`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/complaints`)).status).toBe(502);
  });

  it('never reads outside its folder', () => {
    expect(consoleFileFor(root, '/../outside-console.txt')).toBeNull();
    expect(consoleFileFor(root, '/%2e%2e/outside-console.txt')).toBeNull();
    expect(consoleFileFor(root, '/assets')).toBeNull();
    expect(consoleFileFor(root, '/assets/app-1a2b.js')).toBe(join(root, 'assets', 'app-1a2b.js'));
  });
});
