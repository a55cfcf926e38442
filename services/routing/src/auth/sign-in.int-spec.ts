import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { loadServiceConfig, startService } from '@mallcare/platform';
import { bearerFor, createTestDatabase, seedIdentity, TEST_SIGNING_JWK, type TestDatabase } from '@mallcare/testing';
import { Client } from 'pg';
import { routingService } from '../routing.service-definition';

type Answer = { status: number; headers: Headers; body: Record<string, unknown> };

describe('sign-in with a password, and the audit HQ reads (routing, real PostgreSQL)', () => {
  let database: TestDatabase;
  const instances: INestApplication[] = [];
  let first: string;
  let second: string;

  const start = async (extra: Record<string, string> = {}): Promise<string> => {
    const config = loadServiceConfig('routing', {
      DATABASE_URL: database.url,
      AUTH_SIGNING_KEY: JSON.stringify(TEST_SIGNING_JWK),
      KAFKA_NAMESPACE: `signin-it-${randomUUID().slice(0, 8)}`,
      EVENT_POLL_INTERVAL_MS: '50',
      DB_POOL_SIZE: '4',
      AUTH_SIGNIN_MAX_FAILURES: '3',
      ...extra,
    });
    const app = await startService(routingService, { ...config, port: 0 }, { handleSignals: false });
    instances.push(app);
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await start();
    second = await start();
  });
  afterAll(async () => {
    for (const app of instances) await app.close();
    await database?.drop();
  });

  const call = async (base: string, method: string, path: string, body?: unknown, authorization?: string): Promise<Answer> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const signIn = (base: string, staffId: string, password: string) => call(base, 'POST', '/auth/sign-in', { staffId, password });
  const query = async <T>(sql: string, values: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('sets the first password by signing in once, then answers exactly what the console expects', async () => {
    const firstTime = await signIn(first, 'sh01-desk-1', 'correct horse battery');
    expect(firstTime.status).toBe(200);
    expect(Object.keys(firstTime.body).sort()).toEqual(['accessToken', 'expiresIn', 'identity', 'tokenType']);
    expect(firstTime.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 28_800,
      identity: { staffId: 'sh01-desk-1', name: expect.any(String), roles: ['front-desk-agent'], mallId: 'SH01', departmentId: 'customer-service' },
    });
    const token = firstTime.body.accessToken as string;
    expect((await call(second, 'GET', '/admin/policy', undefined, `Bearer ${token}`)).status).toBe(200);

    expect((await signIn(second, 'sh01-desk-1', 'correct horse battery')).status).toBe(200);
    const [row] = await query<{ password_hash: string }>(`SELECT password_hash FROM routing.staff_credentials WHERE staff_id = 'sh01-desk-1'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await query(`SELECT 1 FROM routing.events WHERE data::text LIKE '%correct horse%' OR data::text LIKE '%argon2%'`)).toEqual([]);
  });

  it('refuses a wrong password and an unknown staff id with the same 401 problem', async () => {
    const wrong = await signIn(first, 'sh01-desk-1', 'not the password');
    const unknown = await signIn(first, 'nobody-here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const { instance: _a, ...wrongProblem } = wrong.body;
    const { instance: _b, ...unknownProblem } = unknown.body;
    expect(unknownProblem).toEqual(wrongProblem);
    expect(wrongProblem).toMatchObject({ status: 401, code: 'AUTH_BAD_CREDENTIALS' });
    expect((await signIn(first, 'sh01-desk-1', 'correct horse battery')).status).toBe(200);
  });

  it('locks a staff id after repeated failures on any instance, with Retry-After, even for the right password', async () => {
    expect((await signIn(first, 'sh01-gm', 'the gm password!')).status).toBe(200);
    expect((await signIn(first, 'sh01-gm', 'guess 1')).status).toBe(401);
    expect((await signIn(second, 'sh01-gm', 'guess 2')).status).toBe(401);
    const locked = await signIn(first, 'sh01-gm', 'guess 3');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ status: 429, code: 'AUTH_LOCKED' });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const elsewhere = await signIn(second, 'sh01-gm', 'the gm password!');
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers.get('retry-after'))).toBeGreaterThan(0);
    // Unknown ids lock the same way, so a lock reveals nothing.
    for (const guess of ['a', 'b']) expect((await signIn(second, 'nobody-at-all', guess)).status).toBe(401);
    expect((await signIn(second, 'nobody-at-all', 'c')).status).toBe(429);
  });

  it('lets an admin set a password; a GM only for their mall’s staff; a desk agent not at all', async () => {
    const admin = bearerFor('hq-admin');
    expect((await call(first, 'PUT', '/admin/staff/bj01-engineering-mgr/password', { password: 'set by the admin 1' }, admin)).status).toBe(204);
    expect((await signIn(second, 'bj01-engineering-mgr', 'set by the admin 1')).status).toBe(200);
    expect((await signIn(second, 'bj01-engineering-mgr', 'something else entirely')).status).toBe(401);

    expect((await call(first, 'PUT', '/admin/staff/bj01-engineering-mgr/password', { password: 'the sh01 gm tries' }, bearerFor('sh01-gm'))).status).toBe(403);
    expect((await call(first, 'PUT', '/admin/staff/sh01-desk-2/password', { password: 'the sh01 gm sets it' }, bearerFor('sh01-gm'))).status).toBe(204);
    expect((await call(first, 'PUT', '/admin/staff/sh01-desk-2/password', { password: 'a desk agent tries' }, bearerFor('sh01-desk-1'))).status).toBe(403);
    const weak = await call(first, 'PUT', '/admin/staff/sh01-desk-2/password', { password: 'short' }, admin);
    expect(weak).toMatchObject({ status: 400, body: { code: 'AUTH_PASSWORD_TOO_WEAK', errors: [{ field: 'password' }] } });
    expect((await call(first, 'PUT', '/admin/staff/nobody/password', { password: 'long enough password' }, admin)).status).toBe(404);
  });

  it('limits sign-in attempts per client address with @nestjs/throttler (THROTTLE_SIGN_IN_LIMIT), 429 with Retry-After', async () => {
    const limited = await start({ THROTTLE_SIGN_IN_LIMIT: '3' });
    for (let attempt = 1; attempt <= 3; attempt += 1) expect((await signIn(limited, `someone-${attempt}`, 'whatever')).status).toBe(401);
    const refused = await signIn(limited, 'someone-4', 'whatever');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429, code: 'THROTTLED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other routes keep the API's own, higher limit.
    expect((await call(limited, 'GET', '/auth/jwks.json')).status).toBe(200);
  });

  it('audits sign-ins (success and failure), password and staff changes; HQ lists them with filters, nobody else', async () => {
    const admin = bearerFor('hq-admin');
    const desk = seedIdentity('sh01-desk-2');
    const { staffId: _id, ...member } = desk;
    expect((await call(first, 'PUT', '/admin/staff/sh01-desk-2', { ...member, name: '邹丹丹', active: true }, admin)).status).toBe(200);

    const list = (query: string, who = admin) => call(second, 'GET', `/audit${query}`, undefined, who);
    const failed = await list('?action=sign-in.failed&actorId=sh01-desk-1');
    expect(failed.status).toBe(200);
    expect(failed.body.total).toBe(1);
    expect((failed.body.items as Record<string, unknown>[])[0]).toMatchObject({ service: 'routing', actorId: 'sh01-desk-1', action: 'sign-in.failed', outcome: 'failure', clientAddress: expect.any(String), at: expect.any(String) });
    expect(((await list('?action=sign-in.succeeded&actorId=sh01-desk-1')).body.total as number)).toBeGreaterThanOrEqual(3);
    expect((await list('?action=sign-in.locked')).body.total).toBeGreaterThanOrEqual(1);
    expect((await list('?action=staff.password-set&subject=sh01-desk-2')).body.items).toEqual([
      expect.objectContaining({ actorId: 'sh01-gm', action: 'staff.password-set', subject: 'sh01-desk-2' }),
    ]);
    expect((await list('?action=staff.changed')).body.items).toEqual([expect.objectContaining({ actorId: 'hq-admin', subject: 'sh01-desk-2', outcome: 'success' })]);
    const paged = await list('?limit=2&offset=1');
    expect(paged.body).toMatchObject({ limit: 2, offset: 1 });
    expect(paged.body.items).toHaveLength(2);
    expect(JSON.stringify((await list('?limit=200')).body)).not.toMatch(/correct horse|argon2/);

    expect((await list('', bearerFor('sh01-gm'))).status).toBe(403);
    expect((await list('', bearerFor('sh01-desk-1'))).status).toBe(403);
    expect((await call(second, 'GET', '/audit')).status).toBe(401);
    const bad = await list('?from=yesterday&mallId=sh01');
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['from', 'mallId']);
  });

  it('answers 400 with field messages for a malformed sign-in, and gives no demo token unless asked for', async () => {
    const bad = await call(first, 'POST', '/auth/sign-in', { staffId: 'Robert; DROP TABLE', password: 7 });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['password', 'staffId']);
    expect((await call(first, 'POST', '/auth/token', { staffId: 'hq-admin' })).status).toBe(404);
    const jwks = await call(first, 'GET', '/auth/jwks.json');
    expect(jwks.status).toBe(200);
    expect((jwks.body.keys as { kid: string; d?: string }[]).map((key) => [key.kid, key.d])).toEqual([[TEST_SIGNING_JWK.kid, undefined]]);
  });
});
