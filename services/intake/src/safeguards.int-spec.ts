import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { bearerFor, createTestDatabase, type TestDatabase } from '@mallcare/testing';
import { Client } from 'pg';
import { startIntake, walkInComplaint } from './test-support/intake-under-test';

describe('intake safeguards: the public look-up throttle, the personal-data audit (two instances, real PostgreSQL)', () => {
  let database: TestDatabase;
  const apps: INestApplication[] = [];
  let behindGateway: string;
  let untrusting: string;
  let caseNumber: string;
  let code: string;

  const start = async (extra: Record<string, string>): Promise<string> => {
    const { app, baseUrl } = await startIntake(database.url, {
      KAFKA_NAMESPACE: `lookup-it-${randomUUID().slice(0, 8)}`,
      DB_POOL_SIZE: '4',
      LOOKUP_MAX_FAILURES: '3',
      LOOKUP_CALLER_MAX_FAILURES: '100',
      ...extra,
    });
    apps.push(app);
    return baseUrl;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.INTAKE_PII_MASTER_KEY = randomBytes(32).toString('base64');
    behindGateway = await start({ TRUSTED_PROXIES: 'loopback' });
    untrusting = await start({});
    const registered = await fetch(`${behindGateway}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearerFor('sh01-desk-1') },
      body: JSON.stringify(walkInComplaint()),
    });
    expect(registered.status).toBe(201);
    ({ caseNumber, lookupCode: code } = (await registered.json()) as { caseNumber: string; lookupCode: string });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
    delete process.env.INTAKE_PII_MASTER_KEY;
  });

  const look = (base: string, caseCode: string, client?: string) =>
    fetch(`${base}/public/cases/${caseNumber}`, { headers: { 'x-case-code': caseCode, ...(client ? { 'x-forwarded-for': client } : {}) } });

  it('locks only the client that guessed, not the case for its customer', async () => {
    for (const guess of ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC']) expect((await look(behindGateway, guess, '203.0.113.5')).status).toBe(404);
    const locked = await look(behindGateway, code, '203.0.113.5');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The customer, from another address, still reads their case.
    const customer = await look(behindGateway, code, '198.51.100.7');
    expect(customer.status).toBe(200);
    expect(await customer.json()).toMatchObject({ caseNumber, stage: expect.any(String) });
  });

  it('audits every read of a contact in clear and every erasure — who, when, what, from where — but not masked reads', async () => {
    const call = async (staffId: string, method: string, path: string, body?: unknown, client?: string) => {
      const response = await fetch(`${behindGateway}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: bearerFor(staffId), ...(client ? { 'x-forwarded-for': client } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const registered = await call('sh01-desk-1', 'POST', '/complaints', {
      mallId: 'SH01', channel: 'phone', kind: 'complaint', category: 'property-management', complainantType: 'consumer',
      description: '停车收费有误 / wrong parking fee', contactPhone: '13600003333', reporterName: '张三',
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    const entries = async () => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(`SELECT actor_id, action, subject, mall_id, client_address, details::text AS details FROM audit.entries ORDER BY id`)).rows as Record<string, string>[];
      } finally {
        await client.end();
      }
    };
    const before = (await entries()).length;

    const read = await call('sh01-desk-1', 'GET', `/complaints/${id}`, undefined, '203.0.113.20');
    expect(read.body).toMatchObject({ contactVisibility: 'full' });
    expect((await call('sh01-gm', 'GET', `/complaints/${id}`)).body).toMatchObject({ contactVisibility: 'masked' });
    const subjectId = (read.body.complainant as { subjectId: string }).subjectId;
    expect((await call('sh01-gm', 'POST', '/subjects/lookup', { phone: '13600003333' })).status).toBe(200);
    expect((await call('sh01-gm', 'POST', `/subjects/${subjectId}/erasure`)).status).toBe(200);

    const added = (await entries()).slice(before);
    expect(added).toEqual([
      expect.objectContaining({ actor_id: 'sh01-desk-1', action: 'personal-data.read', subject: id, mall_id: 'SH01', client_address: '203.0.113.20' }),
      expect.objectContaining({ actor_id: 'sh01-gm', action: 'personal-data.looked-up', subject: subjectId }),
      expect.objectContaining({ actor_id: 'sh01-gm', action: 'personal-data.erased', subject: subjectId, mall_id: 'SH01', client_address: '127.0.0.1' }),
    ]);
    expect(JSON.stringify(added)).not.toMatch(/13600003333|张三/);
  });

  it('believes X-Forwarded-For only from a trusted proxy, and every instance sees the counts', async () => {
    // This instance trusts no proxy: the header is ignored, the caller is the socket's address (127.0.0.1), not locked.
    expect((await look(untrusting, code, '203.0.113.5')).status).toBe(200);
    for (const guess of ['DDDDDDDD', 'EEEEEEEE', 'FFFFFFFF']) expect((await look(untrusting, guess, '203.0.113.99')).status).toBe(404);
    expect((await look(untrusting, code)).status).toBe(429);
    // The other instance, asked directly from 127.0.0.1, sees the same lock.
    expect((await look(behindGateway, code)).status).toBe(429);
    expect((await look(behindGateway, code, '198.51.100.8')).status).toBe(200);
  });
});
