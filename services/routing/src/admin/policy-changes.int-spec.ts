import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import { ORGANISATION_STREAM_KEY } from '@mallcare/contracts';
import { PostgresEventStore } from '@mallcare/event-store';
import { loadServiceConfig, PolicyStore, ServicePlatformModule, startService, type ServiceDefinition } from '@mallcare/platform';
import { decideRouting, DEFAULT_GROUP_TARGETS, settingsFor, targetsOf, type GroupPolicy } from '@mallcare/policy';
import { createTestDatabase, describeWithKafka, issueTestToken, seedIdentity, TEST_AUTH_JWKS, TEST_SIGNING_JWK, type TestDatabase } from '@mallcare/testing';
import { routingService } from '../routing.service-definition';
import { POLICY_STREAM_ID } from './admin.service';

/** A consuming service as the platform makes every one: only its platform module, so no service imports another. */
@Module({})
class FollowerModule {}
const follower: ServiceDefinition = {
  name: 'analytics',
  title: 'policy follower',
  description: 'the platform module alone',
  module: (config) => ({ module: FollowerModule, imports: [ServicePlatformModule.forService({ config })] }),
};

const until = async <T>(check: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const scenario = (brokers: string[]) => () => {
  let database: TestDatabase;
  let routing: INestApplication;
  let analytics: INestApplication | null = null;
  let baseUrl: string;
  const namespace = `policy-it-${randomUUID().slice(0, 8)}`;
  const configOf = (service: 'routing' | 'analytics', extra: Record<string, string> = {}) =>
    loadServiceConfig(service, {
      DATABASE_URL: database.url,
      AUTH_JWKS: TEST_AUTH_JWKS,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_NAMESPACE: namespace,
      KAFKA_PARTITIONS: '2',
      EVENT_POLL_INTERVAL_MS: '50',
      DB_POOL_SIZE: '4',
      ...extra,
    });
  const followerPolicy = (): PolicyStore => {
    if (!analytics) throw new Error('the follower is not running');
    return analytics.get(PolicyStore);
  };
  const startAnalytics = async () => startService(follower, { ...configOf('analytics'), port: 0 }, { handleSignals: false });

  beforeAll(async () => {
    database = await createTestDatabase();
    routing = await startService(routingService, { ...configOf('routing', {
        AUTH_SIGNING_KEY: JSON.stringify(TEST_SIGNING_JWK),
        AUTH_DEMO_TOKENS: 'true',
        // The specs ask for many tokens within a minute; sign-in throttling has its own spec (sign-in.int-spec).
        THROTTLE_SIGN_IN_LIMIT: '1000',
      }), port: 0 }, { handleSignals: false });
    baseUrl = (await routing.getUrl()).replace('[::1]', '127.0.0.1');
    analytics = await startAnalytics();
  });
  afterAll(async () => {
    await analytics?.close();
    await routing?.close();
    await database?.drop();
  });

  const tokenFor = async (staffId: string): Promise<string> => {
    const response = await fetch(`${baseUrl}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  const send = async (token: string | null, method: 'GET' | 'PUT' | 'PATCH', path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const gzRouting = {
    handlingDepartmentRules: [
      { id: 'gz01-events-to-marketing', categories: ['marketing-events'], departmentId: 'marketing' },
      { id: 'gz01-rest-to-operations', categories: ['*'], departmentId: 'operations' },
    ],
  };

  it('an admin change on routing becomes GroupPolicyChanged, and another service’s PolicyStore follows it', async () => {
    const admin = await tokenFor('hq-admin');
    const before = followerPolicy().current();
    expect(before.version).toBe('sample-group-r1');

    const changed = await send(admin, 'PUT', '/admin/malls/GZ01/routing', gzRouting);
    expect(changed).toMatchObject({ status: 200, body: { changed: true, version: 'sample-group-r2', revision: 2, previousVersion: 'sample-group-r1' } });
    expect((await send(admin, 'GET', '/admin/policy')).body).toMatchObject({ version: 'sample-group-r2' });

    const { events } = await routing.get(PostgresEventStore).readStream(POLICY_STREAM_ID);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'GroupPolicyChanged',
      data: { version: 'sample-group-r2', changedBy: 'hq-admin', change: { kind: 'mall-routing', mallId: 'GZ01' } },
      metadata: { complaintId: ORGANISATION_STREAM_KEY, mallId: 'GZ01', actor: { type: 'staff', id: 'hq-admin' } },
    });

    const followed = await until(() => {
      const policy = followerPolicy().current();
      return policy.version === 'sample-group-r2' ? policy : undefined;
    }, 'analytics knowing sample-group-r2');
    expect(decideRouting(followed, { mallId: 'GZ01', category: 'safety-incident', complainantType: 'consumer' })).toMatchObject({
      handlingDepartmentId: 'operations',
      routingRuleId: 'gz01-rest-to-operations',
    });
    // What applied before the change is still answerable.
    expect(followerPolicy().at('2026-06-01T00:00:00.000Z').version).toBe('sample-group-r1');
  });

  it('a mall GM changes their own mall’s settings; other malls, invalid changes and missing tokens are refused', async () => {
    const gm = await tokenFor('sh01-gm');
    const settings = await send(gm, 'PATCH', '/admin/malls/SH01/settings', { collective: { windowMinutes: 90, minDistinctTenants: 4 } });
    expect(settings).toMatchObject({ status: 200, body: { version: 'sample-group-r3', summary: 'settings of mall SH01 changed (collective)' } });

    expect((await send(gm, 'PATCH', '/admin/malls/BJ01/settings', { collective: { windowMinutes: 90, minDistinctTenants: 4 } })).status).toBe(403);
    expect((await send(gm, 'PATCH', '/admin/settings', { collective: { windowMinutes: 90, minDistinctTenants: 4 } })).status).toBe(403);
    expect((await send(await tokenFor('sh01-desk-1'), 'PUT', '/admin/malls/SH01/routing', gzRouting)).status).toBe(403);
    expect((await send(null, 'GET', '/admin/policy')).status).toBe(401);
    for (const open of ['/health/ready', '/metrics', '/docs', '/docs/openapi.json']) expect((await fetch(`${baseUrl}${open}`)).status).toBe(200);
    const openapi = (await (await fetch(`${baseUrl}/docs/openapi.json`)).json()) as { paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/admin/policy', '/admin/malls/{mallId}/routing', '/auth/token']));
    expect(openapi.components.securitySchemes).toHaveProperty('bearer');

    const shape = await send(gm, 'PATCH', '/admin/malls/SH01/settings', { collective: { windowMinutes: 0, minDistinctTenants: 'five' } });
    expect(shape.status).toBe(400);
    expect((shape.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['collective.minDistinctTenants', 'collective.windowMinutes']);
    const meaning = await send(gm, 'PUT', '/admin/malls/SH01/routing', { handlingDepartmentRules: [{ id: 'x', categories: ['other'], departmentId: 'canteen' }] });
    expect(meaning.status).toBe(400);
    expect(meaning.body).toMatchObject({ code: 'ADMIN_POLICY_CHANGE_INVALID' });
    expect((meaning.body.errors as { field: string }[]).map((e) => e.field)).toContain('handlingDepartmentRules.0.departmentId');

    // The GM sees their own mall only.
    const view = (await send(gm, 'GET', '/admin/policy')).body as unknown as GroupPolicy;
    expect(view.malls.map((mall) => mall.id)).toEqual(['SH01']);
    expect(view.staff.every((member) => member.mallId === 'SH01')).toBe(true);

    // The staff directory names the people a case's log mentions: the mall's own and HQ's, to any of the mall's staff.
    type Directory = { items: { staffId: string; name: string; mallId: string | null; departmentId: string | null; active: boolean }[] };
    const directory = (await send(await tokenFor('sh01-desk-1'), 'GET', '/admin/staff')).body as unknown as Directory;
    expect(directory.items).toContainEqual({ staffId: 'sh01-engineering-1', name: '钱志强', mallId: 'SH01', departmentId: 'engineering', active: true });
    expect(directory.items.some((member) => member.mallId === null)).toBe(true);
    expect(directory.items.every((member) => member.mallId === null || member.mallId === 'SH01')).toBe(true);
    expect(Object.keys(directory.items[0]).sort()).toEqual(['active', 'departmentId', 'mallId', 'name', 'staffId']);
    const everyone = (await send(await tokenFor('hq-ops-1'), 'GET', '/admin/staff')).body as unknown as Directory;
    expect([...new Set(everyone.items.map((member) => member.mallId))]).toEqual(expect.arrayContaining([null, 'SH01', 'SH02', 'BJ01', 'GZ01']));
    expect((await send(null, 'GET', '/admin/staff')).status).toBe(401);

    const followed = await until(() => {
      const policy = followerPolicy().current();
      return policy.revision === 3 ? policy : undefined;
    }, 'analytics knowing revision 3');
    expect(settingsFor(followed, 'SH01').collective).toEqual({ windowMinutes: 90, minDistinctTenants: 4 });
    const { events } = await routing.get(PostgresEventStore).readStream(POLICY_STREAM_ID);
    expect(events.map((event) => event.type)).toEqual(['GroupPolicyChanged', 'GroupPolicyChanged']);
  });

  it('lists every change with who, when, from when and its differences; a GM only their own mall’s', async () => {
    const history = await send(await tokenFor('hq-ops-1'), 'GET', '/admin/policy/history');
    expect(history.status).toBe(200);
    const items = history.body.items as { version: string; changedBy: string; mallId: string | null; changedAt: string; effectiveFrom: string; differences: { path: string; before: unknown; after: unknown }[] }[];
    expect(items.map((item) => [item.version, item.changedBy, item.mallId])).toEqual([
      ['sample-group-r3', 'sh01-gm', 'SH01'],
      ['sample-group-r2', 'hq-admin', 'GZ01'],
    ]);
    expect(items[0].differences).toEqual([
      { path: 'malls[SH01].settings.collective.minDistinctTenants', before: null, after: 4 },
      { path: 'malls[SH01].settings.collective.windowMinutes', before: null, after: 90 },
    ]);
    // The mall's own rules replaced its earlier ones: each rule by its id; nothing else of the policy moved.
    expect(items[1].differences).toContainEqual({ path: 'malls[GZ01].routing.handlingDepartmentRules[gz01-events-to-marketing].departmentId', before: null, after: 'marketing' });
    expect(items[1].differences.every((difference) => difference.path.startsWith('malls[GZ01].routing.handlingDepartmentRules['))).toBe(true);
    expect(Date.parse(items[0].changedAt)).not.toBeNaN();

    const own = await send(await tokenFor('sh01-gm'), 'GET', '/admin/policy/history');
    expect((own.body.items as { version: string }[]).map((item) => item.version)).toEqual(['sample-group-r3']);
    expect((await send(await tokenFor('sh01-desk-1'), 'GET', '/admin/policy/history')).status).toBe(403);
  });

  it('a restarted service still knows the versions it consumed', async () => {
    await analytics?.close();
    analytics = await startAnalytics();
    expect(analytics.get(PolicyStore).current().revision).toBe(3);
    expect(analytics.get(PolicyStore).versions().map((policy) => policy.version)).toEqual(['sample-group-r1', 'sample-group-r2', 'sample-group-r3']);
  });

  it('changes the callback settings (grumbling customers, failed attempts) like any other setting', async () => {
    const admin = await tokenFor('hq-admin');
    const callback = { within: { amount: 2, unit: 'working-days' }, grumblingWithin: { amount: 2, unit: 'hours' }, maxFailedAttempts: 4 };
    const changed = await send(admin, 'PATCH', '/admin/settings', { callback });
    expect(changed).toMatchObject({ status: 200, body: { version: 'sample-group-r4', summary: 'group settings changed (callback)' } });
    expect(((await send(admin, 'GET', '/admin/policy')).body as unknown as GroupPolicy).callback).toEqual(callback);
    const gm = await tokenFor('sh01-gm');
    const wrong = await send(gm, 'PATCH', '/admin/malls/SH01/settings', { callback: { within: { amount: 2, unit: 'working-days' }, grumblingWithin: { amount: 3, unit: 'fortnights' }, maxFailedAttempts: 0 } });
    expect(wrong.status).toBe(400);
    expect((wrong.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['callback.grumblingWithin.unit', 'callback.maxFailedAttempts']);
    const mall = await send(gm, 'PATCH', '/admin/malls/SH01/settings', { callback: { within: { amount: 1, unit: 'working-days' }, maxFailedAttempts: 2 } });
    expect(mall.status).toBe(200);
    const followed = await until(() => {
      const policy = followerPolicy().current();
      return policy.revision === 5 ? policy : undefined;
    }, 'analytics knowing revision 5');
    expect(settingsFor(followed, 'SH01').callback).toMatchObject({ within: { amount: 1, unit: 'working-days' }, maxFailedAttempts: 2 });
  });

  it('changes the group-wide targets analytics checks (group admins only), refusing a share out of range field by field', async () => {
    const admin = await tokenFor('hq-admin');
    const changed = await send(admin, 'PATCH', '/admin/targets', { satisfactionRate: 0.92 });
    expect(changed).toMatchObject({ status: 200, body: { version: 'sample-group-r6', summary: 'group targets changed (satisfactionRate 92 %)' } });
    const followed = await until(() => {
      const policy = followerPolicy().current();
      return policy.revision === 6 ? policy : undefined;
    }, 'analytics knowing revision 6');
    expect(targetsOf(followed)).toEqual({ ...DEFAULT_GROUP_TARGETS, satisfactionRate: 0.92 });
    expect((await send(await tokenFor('sh01-gm'), 'PATCH', '/admin/targets', { satisfactionRate: 0.5 })).status).toBe(403);
    const shape = await send(admin, 'PATCH', '/admin/targets', { closureRate: 1.5, dataCompleteness: 'all' });
    expect(shape.status).toBe(400);
    expect((shape.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['closureRate', 'dataCompleteness']);
    const meaning = await send(admin, 'PATCH', '/admin/targets', { closureRateStretch: 0.5 });
    expect(meaning).toMatchObject({ status: 400, body: { code: 'ADMIN_POLICY_CHANGE_INVALID', errors: [{ field: 'closureRateStretch', messages: ['must not be below closureRate'] }] } });
  });

  it('sets a mall’s closures through PUT …/calendar; bad dates come back by field, another mall’s GM is refused', async () => {
    const gm = await tokenFor('sh01-gm');
    const wrong = await send(gm, 'PUT', '/admin/malls/SH01/calendar', { closures: [{ date: '2026-12-08' }, { date: '2026-13-01' }], extraWorkingDates: [{ date: '2026-12-08' }] });
    expect(wrong.status).toBe(400);
    // A day that does not exist is refused with the request; a date both shut and worked by the policy it would leave.
    expect(wrong.body.errors).toEqual([{ field: 'closures.1.date', messages: ['must be a calendar date YYYY-MM-DD'] }]);
    const both = await send(gm, 'PUT', '/admin/malls/SH01/calendar', { closures: [{ date: '2026-12-08' }], extraWorkingDates: [{ date: '2026-12-08' }] });
    expect(both.body.errors).toEqual([{ field: 'extraWorkingDates.0.date', messages: ['2026-12-08 cannot be both a closure and an extra working day'] }]);
    expect((await send(gm, 'PUT', '/admin/malls/GZ01/calendar', { closures: [{ date: '2026-12-08' }], extraWorkingDates: [] })).status).toBe(403);
    const calendar = { closures: [{ date: '2026-12-08', reason: '盘点停业' }], extraWorkingDates: [] };
    const changed = await send(gm, 'PUT', '/admin/malls/SH01/calendar', calendar);
    expect(changed).toMatchObject({ status: 200, body: { changed: true, summary: 'calendar of mall SH01 set (1 closures, 0 extra working days)' } });
    const followed = await until(() => {
      const policy = followerPolicy().current();
      return policy.version === changed.body.version ? policy : undefined;
    }, 'analytics knowing the calendar');
    expect(followed.malls.find((mall) => mall.id === 'SH01')?.calendar).toEqual(calendar);
  });

  it('stops a disabled staff member’s tokens as soon as the service follows the change', async () => {
    const desk = seedIdentity('sh01-desk-2');
    const token = issueTestToken(desk);
    expect((await send(token, 'GET', '/admin/policy')).status).toBe(200);
    const admin = await tokenFor('hq-admin');
    const { staffId, ...member } = desk;
    expect((await send(admin, 'PUT', `/admin/staff/${staffId}`, { ...member, active: false })).status).toBe(200);
    await until(() => (routing.get(PolicyStore).current().staff.find((m) => m.id === staffId)?.active === false ? true : undefined), 'routing knowing the change');
    expect(await send(token, 'GET', '/admin/policy')).toMatchObject({ status: 401, body: { detail: `staff member ${staffId} is not active` } });
  });
};

describe('policy changes over the embedded transport (real PostgreSQL)', scenario([]));
describeWithKafka('policy changes over Kafka (real Kafka and PostgreSQL)', (brokers) => scenario(brokers)());
