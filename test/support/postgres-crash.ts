import type { Query } from './exactly-once';
import { eventually } from './running-system';

/**
 * An immediate restart of PostgreSQL, as after a crash: one client backend is killed with SIGKILL, so
 * the postmaster ends every other session at once, recovers, and accepts connections again (the
 * default restart_after_crash). Every session, and every session-level advisory lock, is gone. The test
 * runs as the user that may signal the server (root, or the server's own user). Resolves once it answers.
 */
export const restartPostgresImmediately = async (query: Query): Promise<void> => {
  const [backend] = await query(
    `SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database() LIMIT 1`,
  );
  if (!backend) throw new Error('no other session to kill');
  process.kill(Number(backend.pid), 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  // The observer's own session ends too: the pool replaces it once the server takes connections again.
  await eventually(async () => ((await query('SELECT 1 AS up'))[0]?.up !== undefined ? true : undefined), 60_000, 'PostgreSQL answering after the immediate restart');
};
