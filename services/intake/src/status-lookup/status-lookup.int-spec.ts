import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { loadServiceConfig, startService } from '@mallcare/platform';
import { bearerFor, createTestDatabase, TEST_AUTH_JWKS, type TestDatabase } from '@mallcare/testing';
import { intakeService } from '../intake.service-definition';

describe('public case look-up throttle (two intake instances, real PostgreSQL)', () => {
  let database: TestDatabase;
  const apps: INestApplication[] = [];
  let behindGateway: string;
  let untrusting: string;
  let caseNumber: string;
  let code: string;

  const start = async (extra: Record<string, string>): Promise<string> => {
    const config = loadServiceConfig('intake', {
      DATABASE_URL: database.url,
      AUTH_JWKS: TEST_AUTH_JWKS,
      KAFKA_NAMESPACE: `lookup-it-${randomUUID().slice(0, 8)}`,
      EVENT_POLL_INTERVAL_MS: '50',
      DB_POOL_SIZE: '4',
      LOOKUP_MAX_FAILURES: '3',
      LOOKUP_CALLER_MAX_FAILURES: '100',
      ...extra,
    });
    const app = await startService(intakeService, { ...config, port: 0 }, { handleSignals: false });
    apps.push(app);
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.INTAKE_PII_MASTER_KEY = randomBytes(32).toString('base64');
    behindGateway = await start({ TRUSTED_PROXIES: 'loopback' });
    untrusting = await start({});
    const registered = await fetch(`${behindGateway}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearerFor('sh01-desk-1') },
      body: JSON.stringify({
        mallId: 'SH01',
        channel: 'walk-in',
        place: '1F 总服务台',
        kind: 'complaint',
        category: 'service-attitude',
        complainantType: 'consumer',
        description: '收银员态度差 / the cashier was rude',
      }),
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
