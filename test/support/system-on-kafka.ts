import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@mallcare/testing';
import { startSystem, type RunningSystem } from './running-system';

/**
 * The system on the test's Kafka and a PostgreSQL database of its own, for a describeWithKafka block:
 * registers the hooks that create the database before and stop the system, then drop the database, after.
 */
export const systemOnKafka = (brokers: string[], namespacePrefix: string): { start: (env: Record<string, string>) => Promise<RunningSystem> } => {
  let database: TestDatabase;
  let system: RunningSystem | null = null;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await system?.stop();
    await database.drop();
  });
  return {
    start: async (env) => {
      system = await startSystem({
        DATABASE_URL: database.url,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_NAMESPACE: `${namespacePrefix}-${randomUUID().slice(0, 8)}`,
        ...env,
      });
      return system;
    },
  };
};
