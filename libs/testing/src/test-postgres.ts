import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEST_DATABASE_URL_VAR = 'MALLCARE_TEST_DATABASE_URL';

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database per test file, so files can run in parallel without seeing each other's rows. */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const serverUrl = process.env[TEST_DATABASE_URL_VAR];
  if (!serverUrl) throw new Error(`${TEST_DATABASE_URL_VAR} is not set: run tests through jest's global setup`);
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
};
