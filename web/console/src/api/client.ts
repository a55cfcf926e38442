import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as AnalyticsPaths } from './generated/analytics';
import type { paths as CallbackPaths } from './generated/callback';
import type { paths as IntakePaths } from './generated/intake';
import type { paths as RoutingPaths } from './generated/routing';
import type { paths as SlaPaths } from './generated/sla-monitor';
import { ApiError, type Problem } from './problem';

/** The session puts its token here (memory only) and hears when the API no longer accepts it. */
const auth = { token: null as string | null, onUnauthorized: (): void => undefined };

export const setAccessToken = (token: string | null): void => {
  auth.token = token;
};
export const onUnauthorized = (listener: () => void): void => {
  auth.onUnauthorized = listener;
};
export const accessToken = (): string | null => auth.token;

const bearer: Middleware = {
  onRequest({ request }) {
    if (auth.token) request.headers.set('Authorization', `Bearer ${auth.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && auth.token) auth.onUnauthorized();
    return response;
  },
};

/** The console is served by the gateway: one origin for the page and every API. */
const baseUrl = (): string => (typeof window === 'undefined' ? 'http://127.0.0.1' : window.location.origin);
// fetch is looked up per call, so a test can put its own server in front.
const fetchNow = (input: Request) => globalThis.fetch(input);

const clientOf = <Paths extends object>() => {
  const client = createClient<Paths>({ baseUrl: baseUrl(), fetch: fetchNow });
  client.use(bearer);
  return client;
};

export const intake = clientOf<IntakePaths>();
export const routing = clientOf<RoutingPaths>();
export const clocks = clientOf<SlaPaths>();
export const callbacks = clientOf<CallbackPaths>();
export const analytics = clientOf<AnalyticsPaths>();

/**
 * The services declare request shapes but not their answers in OpenAPI (they return interfaces), so
 * a call's body is typed by the screen's view type; a refusal becomes an ApiError with its problem.
 */
export const body = async <T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> => {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as Problem);
  return data as T;
};
