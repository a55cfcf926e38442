import type { EntityManager } from 'typeorm';
import { LOG_START, type LogPosition } from './log-position';

type Queryable = Pick<EntityManager, 'query'>;

/** Where a named reader (a log follower, the outbox relay) has got to in some log. */
export const loadCheckpoint = async (queryable: Queryable, schema: string, reader: string): Promise<LogPosition> => {
  const rows: { transaction_id: string; global_position: string }[] = await queryable.query(
    `SELECT transaction_id::text AS transaction_id, global_position::text AS global_position
     FROM ${schema}.checkpoints WHERE reader = $1`,
    [reader],
  );
  return rows[0] ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position } : LOG_START;
};

export const saveCheckpoint = async (
  queryable: Queryable,
  schema: string,
  reader: string,
  position: LogPosition,
): Promise<void> => {
  await queryable.query(
    `INSERT INTO ${schema}.checkpoints (reader, transaction_id, global_position, updated_at)
     VALUES ($1, $2::xid8, $3::bigint, now())
     ON CONFLICT (reader) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
       global_position = EXCLUDED.global_position, updated_at = now()`,
    [reader, position.transactionId, position.globalPosition],
  );
};

/** Events in `schema`'s log that `reader` has not passed yet: the outbox backlog, or a follower's lag. */
export const countBehind = async (queryable: Queryable, schema: string, position: LogPosition): Promise<number> => {
  const rows: { behind: string }[] = await queryable.query(
    `SELECT count(*)::text AS behind FROM ${schema}.events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)`,
    [position.transactionId, position.globalPosition],
  );
  return Number(rows[0]?.behind ?? 0);
};

/** Whether any committed event follows `position` in the log, passable yet or not (one index probe). */
export const hasEventsAfter = async (queryable: Queryable, schema: string, position: LogPosition): Promise<boolean> => {
  const rows: unknown[] = await queryable.query(
    // In log order, so it is the index's first entry after `position`: without ORDER BY the planner took
    // a sequential scan that stops at the first match, and the match is at the end of the table.
    `SELECT 1 FROM ${schema}.events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
     ORDER BY transaction_id, global_position LIMIT 1`,
    [position.transactionId, position.globalPosition],
  );
  return rows.length > 0;
};

/**
 * The last position a reader may pass now (events of still-running transactions excluded): where a
 * follower that wants only what comes next starts.
 */
export const logHead = async (queryable: Queryable, schema: string): Promise<LogPosition> => {
  const rows: { transaction_id: string; global_position: string }[] = await queryable.query(
    `SELECT transaction_id::text AS transaction_id, global_position::text AS global_position
     FROM ${schema}.events
     WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY events.transaction_id DESC, events.global_position DESC
     LIMIT 1`,
  );
  return rows[0] ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position } : LOG_START;
};
