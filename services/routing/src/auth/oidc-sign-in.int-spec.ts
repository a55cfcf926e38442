import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadServiceConfig, startService } from '@mallcare/platform';
import { createTestDatabase, TEST_SIGNING_JWK, type TestDatabase } from '@mallcare/testing';
import { routingService } from '../routing.service-definition';

const REDIRECT_URI = 'http://127.0.0.1:5173/callback';
const ACCOUNTS = {
  'gm-of-sh01': { preferred_username: 'sh01-gm', name: 'GM', mallcare_roles: ['mall-gm'], mallcare_mall: 'SH01' },
  'ops-at-hq': { preferred_username: 'hq-ops-1', name: 'HQ ops' },
  'not-staff': { preferred_username: 'someone-else', mallcare_roles: ['group-admin'] },
};

/** The console's side of the flow, as a browser would run it: PKCE, state, nonce, the provider's pages, its cookies. */
const signInAtProvider = async (authorizationEndpoint: string, clientId: string, scope: string, account: string) => {
  const cookies = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const authorize = new URL(authorizationEndpoint);
  const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
  for (const [key, value] of Object.entries({ client_id: clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope, state, nonce, code_challenge: challenge, code_challenge_method: 'S256' })) {
    authorize.searchParams.set(key, value);
  }
  let url = authorize.toString();
  for (let step = 0; step < 12; step += 1) {
    const response = await go(url);
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${url}: ${response.status} ${await response.text()}`);
    const next = new URL(location, url);
    if (next.toString().startsWith(REDIRECT_URI)) {
      expect(next.searchParams.get('state')).toBe(state);
      return { code: next.searchParams.get('code') as string, codeVerifier, nonce };
    }
    if (/^\/interaction\/[^/]+$/.test(next.pathname)) {
      const page = await (await go(next.toString())).text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1] ?? '';
      const form: Record<string, string> = prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt };
      const submitted = await go(next.toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      url = new URL(submitted.headers.get('location') ?? '', next).toString();
    } else {
      url = next.toString();
    }
  }
  throw new Error('the provider never redirected back');
};

describe('sign-in through the group’s OpenID Connect provider (a real oidc-provider, routing, PostgreSQL)', () => {
  let provider: ChildProcess;
  let database: TestDatabase;
  let routing: INestApplication;
  let base: string;

  beforeAll(async () => {
    provider = spawn(process.execPath, [join(__dirname, '..', '..', '..', '..', 'libs', 'testing', 'src', 'oidc-provider.mjs')], {
      env: { ...process.env, OIDC_ACCOUNTS: JSON.stringify(ACCOUNTS), OIDC_REDIRECT_URI: REDIRECT_URI },
      // Its stderr only warns that it runs with development settings, as a test's provider does.
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const issuer = await new Promise<string>((resolve, reject) => {
      provider.stdout?.on('data', (chunk: Buffer) => {
        const ready = /ready (\S+)/.exec(chunk.toString());
        if (ready) resolve(ready[1]);
      });
      provider.on('exit', (code) => reject(new Error(`the provider exited with ${code}`)));
    });
    database = await createTestDatabase();
    const config = loadServiceConfig('routing', {
      DATABASE_URL: database.url,
      AUTH_SIGNING_KEY: JSON.stringify(TEST_SIGNING_JWK),
      KAFKA_NAMESPACE: `oidc-it-${randomUUID().slice(0, 8)}`,
      DB_POOL_SIZE: '4',
      OIDC_ISSUER: issuer,
    });
    routing = await startService(routingService, { ...config, port: 0 }, { handleSignals: false });
    base = (await routing.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await routing?.close();
    await database?.drop();
    provider?.kill();
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const configuration = async () => (await (await fetch(`${base}/auth/oidc/config`)).json()) as { authorizationEndpoint: string; clientId: string; scope: string };

  it('signs a staff member in with code + PKCE, roles and mall from the provider’s claims', async () => {
    const { authorizationEndpoint, clientId, scope } = await configuration();
    const { code, codeVerifier, nonce } = await signInAtProvider(authorizationEndpoint, clientId, scope, 'gm-of-sh01');
    const signedIn = await post('/auth/oidc/token', { code, codeVerifier, nonce, redirectUri: REDIRECT_URI });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ tokenType: 'Bearer', identity: { staffId: 'sh01-gm', roles: ['mall-gm'], mallId: 'SH01' } });
    const policy = await fetch(`${base}/admin/policy`, { headers: { authorization: `Bearer ${signedIn.body.accessToken as string}` } });
    expect(policy.status).toBe(200);
    // A code is good once.
    expect((await post('/auth/oidc/token', { code, codeVerifier, nonce, redirectUri: REDIRECT_URI })).status).toBe(401);
  });

  it('takes roles and mall from the policy when the provider sends none', async () => {
    const { authorizationEndpoint, clientId, scope } = await configuration();
    const flow = await signInAtProvider(authorizationEndpoint, clientId, scope, 'ops-at-hq');
    const signedIn = await post('/auth/oidc/token', { ...flow, redirectUri: REDIRECT_URI });
    expect(signedIn.body).toMatchObject({ identity: { staffId: 'hq-ops-1', roles: ['hq-operations'], mallId: null } });
  });

  it('refuses a wrong PKCE verifier, another sign-in’s nonce, and someone who is not staff', async () => {
    const { authorizationEndpoint, clientId, scope } = await configuration();
    const first = await signInAtProvider(authorizationEndpoint, clientId, scope, 'gm-of-sh01');
    const wrongVerifier = await post('/auth/oidc/token', { ...first, codeVerifier: randomBytes(32).toString('base64url'), redirectUri: REDIRECT_URI });
    expect(wrongVerifier).toMatchObject({ status: 401, body: { code: 'AUTH_OIDC_REJECTED', reason: 'provider' } });
    const second = await signInAtProvider(authorizationEndpoint, clientId, scope, 'gm-of-sh01');
    expect(await post('/auth/oidc/token', { ...second, nonce: randomBytes(16).toString('base64url'), redirectUri: REDIRECT_URI })).toMatchObject({ status: 401, body: { reason: 'id-token' } });
    const stranger = await signInAtProvider(authorizationEndpoint, clientId, scope, 'not-staff');
    const refused = await post('/auth/oidc/token', { ...stranger, redirectUri: REDIRECT_URI });
    expect(refused).toMatchObject({ status: 401, body: { reason: 'unknown-staff', detail: expect.stringContaining('no active staff member for preferred_username=someone-else') } });
  });
});
