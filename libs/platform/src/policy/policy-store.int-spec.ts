import { randomUUID } from 'node:crypto';
import type { GroupPolicyChanged } from '@mallcare/contracts';
import { createServiceDataSource, LogNotifications, migrateServiceSchema } from '@mallcare/event-store';
import { SAMPLE_GROUP_POLICY, type GroupPolicy } from '@mallcare/policy';
import { createTestDatabase, type TestDatabase } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';
import { PolicyStore } from './policy-store';
import { POLICY_RECORDED_CHANNEL, policyVersionsMigration, policyVersionsNotifyMigration } from './policy-versions.migration';

jest.setTimeout(60_000);

const changedTo = (policy: GroupPolicy): GroupPolicyChanged =>
  ({ type: 'GroupPolicyChanged', data: { policy, revision: policy.revision, version: policy.version }, metadata: { eventId: randomUUID() } }) as unknown as GroupPolicyChanged;

describe('PolicyStore across instances of one service (LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let notifications: LogNotifications;
  const stores: PolicyStore[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createServiceDataSource({ url: database.url, schema: 'routing', migrations: [policyVersionsMigration('routing'), policyVersionsNotifyMigration('routing')] });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, 'routing');
    notifications = new LogNotifications({ connectionString: database.url }, () => undefined, [POLICY_RECORDED_CHANNEL]);
    await notifications.start();
  });
  afterAll(async () => {
    for (const store of stores) store.onModuleDestroy();
    await notifications.stop();
    await dataSource.destroy();
    await database.drop();
  });

  const started = async (): Promise<PolicyStore> => {
    const store = new PolicyStore(dataSource, { service: 'routing' } as ServiceConfig);
    await store.onApplicationBootstrap();
    stores.push(store);
    return store;
  };

  it('an instance takes a version another instance recorded as soon as its commit notifies, not at the next poll (60 s)', async () => {
    const consuming = await started();
    const other = await started();
    const next: GroupPolicy = { ...SAMPLE_GROUP_POLICY, revision: SAMPLE_GROUP_POLICY.revision + 1, version: 'sample-group-notified', effectiveFrom: '2026-01-01T00:00:00.000Z' };
    await dataSource.transaction((manager) => consuming.record(changedTo(next), manager));
    expect(consuming.latest().version).toBe('sample-group-notified');
    const startedAt = Date.now();
    while (other.latest().version !== 'sample-group-notified' && Date.now() - startedAt < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(other.latest().version).toBe('sample-group-notified');
    expect(other.versions().map((policy) => policy.revision)).toEqual([SAMPLE_GROUP_POLICY.revision, next.revision]);
  });
});
