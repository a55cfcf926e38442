import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { packagedBinaries, startEmbeddedPostgres } from './embedded-postgres';

/**
 * Issue 11 item 11: a checkout other users cannot enter (a clone under /root, mode 700). As root the
 * server runs as 'postgres', which can neither run the binaries npm put in that checkout nor reach a data
 * folder inside it; the start must still give a working server.
 */
describe('embedded PostgreSQL started from a folder only its owner may enter', () => {
  let closed: string;

  beforeAll(() => {
    closed = mkdtempSync(join(tmpdir(), 'mallcare-closed-'));
    chmodSync(closed, 0o700);
    // The package's binaries as a clone under /root would have them: only reachable through the closed folder.
    symlinkSync(packagedBinaries(), join(closed, 'native'));
  });
  afterAll(() => rmSync(closed, { recursive: true, force: true }));

  it('starts, answers queries and keeps data across a restart', async () => {
    // Below the ephemeral ports (32768+), where an outgoing connection may already hold it.
    const port = 12000 + Math.floor(Math.random() * 4000);
    const options = { dataDir: join(closed, '.data', 'postgres'), binaries: join(closed, 'native'), port, password: 'closed-folder-test' };
    const query = async (sql: string) => {
      const client = new Client({ connectionString: `postgres://postgres:${options.password}@127.0.0.1:${port}/postgres` });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };

    const first = await startEmbeddedPostgres({ ...options, fresh: true });
    try {
      await query('CREATE TABLE kept (note text)');
      await query(`INSERT INTO kept VALUES ('still here')`);
      expect(await query(`SELECT current_setting('server_encoding') AS encoding`)).toEqual([{ encoding: 'UTF8' }]);
    } finally {
      await first.stop();
    }
    if (process.getuid?.() === 0) {
      // The server user could not have used what is inside the closed folder: both were moved out of it.
      expect(first.binaries.startsWith(closed)).toBe(false);
      expect(first.dataDir.startsWith(closed)).toBe(false);
      expect(statSync(first.dataDir).uid).not.toBe(0);
    }

    const second = await startEmbeddedPostgres(options);
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query('SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
    rmSync(second.dataDir, { recursive: true, force: true });
    expect(existsSync(second.dataDir)).toBe(false);
  });
});
