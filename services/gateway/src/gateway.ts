import { Agent, createServer, request, type IncomingMessage, type ClientRequest, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { join } from 'node:path';
import cors from 'cors';
import helmet from 'helmet';
import { createProxyServer } from 'http-proxy-3';
import { DEFAULT_PORTS, SERVICE_NAMES, type ServiceName } from '@mallcare/contracts';
import { serveConsole } from './console-static';

/** Each service's base URL; several instances as a comma-separated list, taken in turn. */
export type Upstreams = Record<ServiceName, string>;

/** The instances of an upstream list, and a picker that takes them in turn (round robin). */
export const instancesOf = (upstream: string): { urls: string[]; next: () => string } => {
  const urls = upstream.split(',').map((url) => url.trim()).filter(Boolean);
  let turn = 0;
  return { urls, next: () => urls[turn++ % urls.length] };
};

/** Which service answers a public path: the resource it owns, or `/<service>/…` for its own endpoints. */
const RESOURCE_OWNERS: [prefix: string, service: ServiceName][] = [
  ['/complaints', 'intake'],
  ['/public', 'intake'],
  ['/subjects', 'intake'],
  ['/attachments', 'intake'],
  ['/cases', 'routing'],
  ['/live', 'routing'],
  ['/admin', 'routing'],
  ['/auth', 'routing'],
  ['/audit', 'routing'],
  ['/clocks', 'sla-monitor'],
  ['/notifications', 'sla-monitor'],
  ['/callbacks', 'callback'],
  ['/analytics', 'analytics'],
];

/** Every service's own operational endpoints; `/<service>/metrics` reaches them even where `/<service>` is also a resource (analytics). */
const PLATFORM_PATHS = ['/metrics', '/health', '/docs'];

const underPrefix = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

export const resolveRoute = (url: string): { service: ServiceName; path: string } | null => {
  const pathname = url.split('?')[0];
  const ownEndpoint = (service: ServiceName) => ({ service, path: url.slice(service.length + 1) || '/' });
  for (const service of SERVICE_NAMES) {
    const rest = pathname.slice(service.length + 1);
    if (underPrefix(pathname, `/${service}`) && PLATFORM_PATHS.some((path) => underPrefix(rest, path) || rest.startsWith(`${path}-`))) {
      return ownEndpoint(service);
    }
  }
  for (const [prefix, service] of RESOURCE_OWNERS) {
    if (underPrefix(pathname, prefix)) return { service, path: url };
  }
  for (const service of SERVICE_NAMES) {
    if (underPrefix(pathname, `/${service}`)) return ownEndpoint(service);
  }
  return null;
};

export const upstreamsFromEnv = (env: NodeJS.ProcessEnv = process.env): Upstreams =>
  Object.fromEntries(
    SERVICE_NAMES.map((service) => {
      const prefix = service.toUpperCase().replace(/-/g, '_');
      return [service, env[`${prefix}_URL`] ?? `http://127.0.0.1:${DEFAULT_PORTS[service]}`];
    }),
  ) as Upstreams;

export interface GatewayOptions {
  /** The console's built files (GATEWAY_CONSOLE_DIR / CONSOLE_DIR); absent folder: no console, 404 as before. */
  consoleDir: string;
  /** How long an upstream may stay silent before the gateway answers 504 (not for event streams). */
  upstreamTimeoutMs: number;
  /** Origins allowed to call the API from a browser on another origin; empty: CORS closed. */
  corsOrigins: string[];
}

export const gatewayOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env, root = process.cwd()): GatewayOptions => {
  const timeout = Number(env.GATEWAY_UPSTREAM_TIMEOUT_MS ?? 30_000);
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 600_000) {
    throw new Error(`GATEWAY_UPSTREAM_TIMEOUT_MS must be milliseconds between 100 and 600000, got ${String(env.GATEWAY_UPSTREAM_TIMEOUT_MS)}`);
  }
  const origins = (env.GATEWAY_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`GATEWAY_CORS_ORIGINS must list origins like https://console.example.com, got ${origin}`);
  }
  return { consoleDir: env.CONSOLE_DIR ?? join(root, 'dist', 'web', 'console'), upstreamTimeoutMs: timeout, corsOrigins: origins };
};

/** RFC 9110 §7.6.1: meaningful for one connection only, never forwarded (plus whatever Connection names). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

const hopByHopOf = (headers: Record<string, unknown>): string[] => {
  const named = typeof headers.connection === 'string' ? headers.connection.split(',').map((name) => name.trim().toLowerCase()) : [];
  return [...HOP_BY_HOP, ...named.filter(Boolean)];
};

const isEventStream = (value: string | string[] | undefined): boolean => String(value ?? '').toLowerCase().includes('text/event-stream');

const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * How long an upstream connection may sit idle in the gateway's pool: under a Node service's own
 * keep-alive timeout (5 s), so the gateway closes it first and never sends on one the service is closing.
 */
const UPSTREAM_IDLE_MS = 4_000;

const problem = (status: number, title: string, detail: string) => ({ type: `urn:mallcare:${title}`, title, status, detail });

const probe = (url: string): Promise<{ status: number; body: unknown }> =>
  new Promise((resolve) => {
    const req = request(url, { timeout: 3_000 }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 502, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 502, body: text });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ status: 503, body: { error: error.message } }));
    req.end();
  });

/**
 * Content-Security-Policy for the console, a Vite-built React SPA served from this origin: scripts and
 * connections only from here, inline styles allowed (antd writes its CSS-in-JS into style tags).
 */
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // The demo and internal deployments serve plain HTTP; upgrading would break every asset there.
    upgradeInsecureRequests: null,
  },
};

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
const run = (middleware: Middleware, req: IncomingMessage, res: ServerResponse): Promise<void> =>
  new Promise((resolve, reject) => middleware(req, res, (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve())));

/**
 * One base URL for every service's API and the console: a reverse proxy on http-proxy-3 with
 * upstream timeouts (event streams exempt), X-Forwarded-For/-Proto/-Host set by the gateway itself,
 * hop-by-hop headers dropped both ways, 502/504 as problem details; helmet's security headers and
 * CORS closed unless GATEWAY_CORS_ORIGINS lists origins. No state.
 */
export const createGateway = (upstreams: Upstreams, options: Partial<GatewayOptions> = {}): Server => {
  const settings = { ...gatewayOptionsFromEnv({}), ...options };
  const proxy = createProxyServer({ xfwd: false, changeOrigin: true });
  // Upstream connections kept and reused: without an agent, http-proxy opens one per request and asks
  // the service to close it after the answer (bench/README.md, issue 17).
  const agents = { http: new Agent({ keepAlive: true, timeout: UPSTREAM_IDLE_MS }), https: new HttpsAgent({ keepAlive: true, timeout: UPSTREAM_IDLE_MS }) };
  const securityHeaders = helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, crossOriginEmbedderPolicy: false }) as Middleware;
  const corsPolicy = cors({ origin: settings.corsOrigins.length > 0 ? settings.corsOrigins : false, credentials: false, maxAge: 600 }) as Middleware;
  const instances = Object.fromEntries(SERVICE_NAMES.map((service) => [service, instancesOf(upstreams[service])])) as Record<ServiceName, ReturnType<typeof instancesOf>>;
  const upstreamRequests = new WeakMap<IncomingMessage, ClientRequest>();
  const timedOut = new WeakSet<IncomingMessage>();

  proxy.on('proxyReq', (proxyReq: ClientRequest, req: IncomingMessage) => {
    for (const name of hopByHopOf(req.headers)) proxyReq.removeHeader(name);
    // The gateway is the edge: what it forwards is what it saw, never what the client claims.
    proxyReq.setHeader('x-forwarded-for', req.socket.remoteAddress ?? '');
    proxyReq.setHeader('x-forwarded-proto', 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http');
    proxyReq.setHeader('x-forwarded-host', req.headers.host ?? '');
    upstreamRequests.set(req, proxyReq);
    if (!isEventStream(req.headers.accept)) {
      proxyReq.setTimeout(settings.upstreamTimeoutMs, () => {
        timedOut.add(req);
        proxyReq.destroy(new Error(`no answer within ${settings.upstreamTimeoutMs} ms`));
      });
    }
  });
  proxy.on('proxyRes', (proxyRes: IncomingMessage, req: IncomingMessage) => {
    for (const name of hopByHopOf(proxyRes.headers)) if (name !== 'transfer-encoding') delete proxyRes.headers[name];
    // A live stream stays open as long as both ends want it: no idle timeout once it is one.
    if (isEventStream(proxyRes.headers['content-type'])) upstreamRequests.get(req)?.setTimeout(0);
  });

  const forward = (req: IncomingMessage, res: ServerResponse, route: { service: ServiceName; path: string }, url: string) => {
    req.url = route.path;
    const prefix = url.startsWith(`/${route.service}`) ? `/${route.service}` : '';
    const target = instances[route.service].next();
    const agent = target.startsWith('https:') ? agents.https : agents.http;
    proxy.web(req, res, { target, agent, headers: { 'x-forwarded-prefix': prefix } }, (error: Error) => {
      const status = timedOut.has(req) ? 504 : 502;
      sendJson(res, status, problem(status, status === 504 ? 'gateway-timeout' : 'bad-gateway', `${route.service} ${status === 504 ? 'did not answer in time' : 'is not answering'}: ${error.message}`));
    });
  };

  const health = async (res: ServerResponse, url: string) => {
    // A service with several instances is up while one of them is ready (a dead one's requests fail and are retried).
    const results = await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        const probes = await Promise.all(instances[service].urls.map((url) => probe(`${url}/health/ready`)));
        return [service, probes.some((result) => result.status === 200)] as const;
      }),
    );
    const services = Object.fromEntries(results.map(([service, up]) => [service, up ? 'up' : 'down']));
    const ready = results.every(([, up]) => up);
    sendJson(res, url === '/health' && !ready ? 503 : 200, {
      name: 'mallcare',
      ready,
      services,
      routes: Object.fromEntries(RESOURCE_OWNERS),
      docs: SERVICE_NAMES.map((service) => `/${service}/docs`),
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    await run(securityHeaders, req, res);
    await run(corsPolicy, req, res);
    if (res.writableEnded) return; // a CORS preflight answered
    const url = req.url ?? '/';
    if (url === '/health') return health(res, url);
    const route = resolveRoute(url);
    if (route) return forward(req, res, route, url);
    // Every path no service owns is the console's: its file, else its page for the browser's router;
    // without a built console, / is the status page. (API requests never look at the disk.)
    if (serveConsole(settings.consoleDir, req, res)) return;
    if (url === '/') return health(res, url);
    sendJson(res, 404, problem(404, 'http-404', `no service answers ${url}`));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, problem(500, 'internal', error instanceof Error ? error.message : String(error))));
  });
  server.on('close', () => {
    agents.http.destroy();
    agents.https.destroy();
  });
  return server;
};
