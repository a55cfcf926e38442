import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import type { Identity } from './api/views';
import { newQueryClient, Providers } from './app/Providers';
import { SessionProvider } from './auth/session';

export const DESK: Identity = { staffId: 'sh01-desk-1', name: '廖娟', roles: ['front-desk-agent'], mallId: 'SH01', departmentId: 'customer-service' };
export const ENGINEER: Identity = { staffId: 'sh01-engineering-1', name: '钱志强', roles: ['department-handler'], mallId: 'SH01', departmentId: 'engineering' };
export const ENGINEERING_MANAGER: Identity = { staffId: 'sh01-engineering-mgr', name: '贺杰', roles: ['department-manager'], mallId: 'SH01', departmentId: 'engineering' };

type Route = (request: Request) => { status: number; body?: unknown } | undefined;

/**
 * Puts a stand-in for the services in front of the console's fetch: each route answers a request it
 * recognises (JSON, problem details for 4xx); every request made is kept for assertions.
 */
export const serveApi = (...routes: Route[]) => {
  const requests: { method: string; path: string; search: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const request = typeof input === 'string' ? new Request(new URL(input, window.location.origin), init) : input;
    const text = request.method === 'GET' ? '' : await request.clone().text();
    const json = request.headers.get('content-type')?.includes('json') ?? false;
    requests.push({ method: request.method, path: new URL(request.url).pathname, search: new URL(request.url).search, body: text ? (json ? JSON.parse(text) : text) : undefined });
    for (const route of routes) {
      const answer = route(request);
      if (answer)
        return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
          status: answer.status,
          headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' },
        });
    }
    return new Response(JSON.stringify({ status: 404, title: 'not-found' }), { status: 404, headers: { 'content-type': 'application/problem+json' } });
  });
  return requests;
};

export const route =
  (method: string, pattern: RegExp, status: number, body?: unknown): Route =>
  (request) =>
    request.method === method && pattern.test(new URL(request.url).pathname) ? { status, body } : undefined;

export const renderAs = (identity: Identity, ui: ReactNode, path = '/') =>
  render(
    <Providers client={newQueryClient()}>
      <SessionProvider initial={{ identity, token: 'test-token' }}>
        <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
      </SessionProvider>
    </Providers>,
  );
