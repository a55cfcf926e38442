import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DEFAULT_PORTS, SERVICE_NAMES, type ServiceName } from '@mallcare/contracts';

export type Upstreams = Record<ServiceName, string>;

/** Which service answers a public path: the resource it owns, or `/<service>/…` for its own endpoints. */
const RESOURCE_OWNERS: [prefix: string, service: ServiceName][] = [
  ['/complaints', 'intake'],
  ['/public', 'intake'],
  ['/attachments', 'intake'],
  ['/cases', 'routing'],
  ['/live', 'routing'],
  ['/admin', 'routing'],
  ['/auth', 'routing'],
  ['/clocks', 'sla-monitor'],
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

const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
  response.end(JSON.stringify(body));
};

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

/** One base URL for every service's API: a small reverse proxy, no state. */
export const createGateway = (upstreams: Upstreams): Server =>
  createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url === '/' || url === '/health') {
      void Promise.all(SERVICE_NAMES.map(async (service) => [service, await probe(`${upstreams[service]}/health/ready`)] as const)).then(
        (results) => {
          const services = Object.fromEntries(results.map(([service, result]) => [service, result.status === 200 ? 'up' : 'down']));
          const ready = results.every(([, result]) => result.status === 200);
          sendJson(res, url === '/health' && !ready ? 503 : 200, {
            name: 'mallcare',
            ready,
            services,
            routes: Object.fromEntries(RESOURCE_OWNERS),
            docs: SERVICE_NAMES.map((service) => `/${service}/docs`),
          });
        },
      );
      return;
    }
    const route = resolveRoute(url);
    if (!route) {
      sendJson(res, 404, { type: 'urn:mallcare:http-404', title: 'not-found', status: 404, detail: `no service answers ${url}` });
      return;
    }
    const target = new URL(route.path, upstreams[route.service]);
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host, 'x-forwarded-prefix': url.startsWith(`/${route.service}`) ? `/${route.service}` : '' } },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) return res.destroy(error);
      sendJson(res, 502, { type: 'urn:mallcare:bad-gateway', title: 'bad-gateway', status: 502, detail: `${route.service} is not answering: ${error.message}` });
    });
    req.pipe(upstream);
  });
