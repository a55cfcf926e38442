import { LOG_START, type LogPosition, type rowToEvent } from '@mallcare/event-store';
import type { GroupPolicy } from '@mallcare/policy';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { CASE_PATHS_INDEX_NAMES, casePathsIndexDdl, casePathsTableDdl } from '../migrations/analytics.migrations';
import { FOLDED_EVENT_TYPES } from '../figures/case-path.fold';
import type { CaseRecord } from '../figures/case-record';
import { CASE_PATH_COLUMN_TYPES, CASE_PATH_COLUMNS } from './case-path-row';

// The SQL of the case path rebuild (rebuild-case-paths.ts): the producers' logs read, the shadow tables written and swapped in.

/** One rebuild at a time per database: a PostgreSQL advisory lock, so two instances can't race. */
const REBUILD_LOCK = 'mallcare.analytics.rebuild';

const SHADOW = 'analytics.case_paths_rebuild';
const FIGURES_SHADOW = 'analytics.mall_month_figures_rebuild';

// The fold reads no actor, correlation or causation: the metadata jsonb is neither sent nor parsed.
// transaction_id comes out as text: every ORDER BY names events.transaction_id, the xid8, not the text alias.
const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, stream_id, stream_position, event_id,
  event_type, schema_version, complaint_id, mall_id, data, '{}'::jsonb AS metadata, occurred_at, recorded_at`;

export type LogRow = Parameters<typeof rowToEvent>[0] & { transaction_id: string; global_position: string; complaint_id: string };
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * What one log holds for the rebuild: every transaction below `bound` (the oldest one still running
 * when the rebuild began) is finished, so those events are final; the last folded one is where the
 * followers go on from, and the catch-up reads past it in log order.
 */
export interface LogExtent {
  bound: string;
  position: LogPosition;
  events: number;
}

/** On the runner's own connection; false when another instance holds it. */
export const tryRebuildLock = async (runner: QueryRunner): Promise<boolean> => {
  const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [REBUILD_LOCK]);
  return locked;
};

export const releaseRebuildLock = async (runner: QueryRunner): Promise<void> => {
  await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [REBUILD_LOCK]);
};

/** The policy versions analytics consumed, oldest first. */
export const consumedPolicies = (dataSource: DataSource): Promise<{ policy: GroupPolicy }[]> => dataSource.query(`SELECT policy FROM analytics.policy_versions ORDER BY revision`);

/** The gap-safe log read of the event store, narrowed to the types a case path folds (the catch-up). */
export const readPage = async (queryable: Queryable, schema: string, after: LogPosition, limit: number): Promise<LogRow[]> =>
  queryable.query(
    `SELECT ${EVENT_COLUMNS} FROM ${schema}.events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       AND event_type = ANY($4::text[])
     ORDER BY events.transaction_id, events.global_position
     LIMIT $3`,
    [after.transactionId, after.globalPosition, limit, FOLDED_EVENT_TYPES],
  );

export const hasLog = async (dataSource: DataSource, schema: string): Promise<boolean> => {
  const rows: { found: string | null }[] = await dataSource.query(`SELECT to_regclass($1) AS found`, [`${schema}.events`]);
  return rows[0]?.found !== null && rows[0]?.found !== undefined;
};

/** Every transaction older than the oldest still running is finished: below that bound the logs are final. */
export const snapshotBound = async (dataSource: DataSource): Promise<string> => {
  const [{ bound }]: { bound: string }[] = await dataSource.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS bound`);
  return bound;
};

export const extentOf = async (queryable: Queryable, schema: string, bound: string): Promise<LogExtent> => {
  const [last]: { transaction_id: string; global_position: string }[] = await queryable.query(
    `SELECT transaction_id::text AS transaction_id, global_position::text AS global_position FROM ${schema}.events
     WHERE transaction_id < $1::xid8 AND event_type = ANY($2::text[])
     ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
    [bound, FOLDED_EVENT_TYPES],
  );
  const [{ events }]: { events: string }[] = await queryable.query(
    `SELECT count(*)::text AS events FROM ${schema}.events WHERE transaction_id < $1::xid8 AND event_type = ANY($2::text[])`,
    [bound, FOLDED_EVENT_TYPES],
  );
  return { bound, position: last ? { transactionId: last.transaction_id, globalPosition: last.global_position } : LOG_START, events: Number(events) };
};

/** A page of one log in complaint order (complaint id, then log order), below `bound`, after the row `after` (from the start when null). */
export const readComplaintPage = (queryable: Queryable, schema: string, bound: string, pageSize: number, after: LogRow | null): Promise<LogRow[]> => {
  const keyset = after === null ? '' : `AND complaint_id >= $4::uuid AND (complaint_id > $4::uuid OR (transaction_id, global_position) > ($5::xid8, $6::bigint))`;
  return queryable.query(
    `SELECT ${EVENT_COLUMNS} FROM ${schema}.events
       WHERE transaction_id < $1::xid8 AND event_type = ANY($2::text[]) ${keyset}
       ORDER BY events.complaint_id, events.transaction_id, events.global_position
       LIMIT $3`,
    after === null ? [bound, FOLDED_EVENT_TYPES, pageSize] : [bound, FOLDED_EVENT_TYPES, pageSize, after.complaint_id, after.transaction_id, String(after.global_position)],
  );
};

/** A fresh shadow table of the case paths, without its indexes. */
export const createShadow = async (dataSource: DataSource): Promise<void> => {
  await dataSource.query(`DROP TABLE IF EXISTS ${SHADOW}`);
  for (const statement of casePathsTableDdl(SHADOW)) await dataSource.query(statement);
};

/** The one thing COPY needs of the connection a QueryRunner holds (pg's client): to submit a copy stream. */
interface CopyClient {
  query(stream: CopyStreamQuery): CopyStreamQuery;
}

/** The shadow's fold rows, COPY text lines, streamed in as they come on one connection of the pool. */
export const copyIntoShadow = async (dataSource: DataSource, lines: AsyncIterable<string>): Promise<void> => {
  const runner = dataSource.createQueryRunner();
  const client: CopyClient = await runner.connect();
  try {
    await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${SHADOW} (${CASE_PATH_COLUMNS.join(', ')}) FROM STDIN`)));
  } finally {
    await runner.release();
  }
};

export const indexShadow = async (dataSource: DataSource): Promise<void> => {
  for (const statement of casePathsIndexDdl(SHADOW, '_rebuild')) await dataSource.query(statement);
};

export const createFiguresShadow = async (dataSource: DataSource): Promise<void> => {
  await dataSource.query(`DROP TABLE IF EXISTS ${FIGURES_SHADOW}`);
  await dataSource.query(`CREATE TABLE ${FIGURES_SHADOW} (LIKE analytics.mall_month_figures INCLUDING DEFAULTS)`);
};

export const shadowRecordsOf = (dataSource: DataSource, key: [string, string]): Promise<{ record: CaseRecord }[]> =>
  dataSource.query(`SELECT record FROM ${SHADOW} WHERE mall_id = $1 AND month = $2 AND record IS NOT NULL`, key);

export const insertShadowFigures = async (dataSource: DataSource, values: [mallId: string, month: string, figures: string, details: string, computedAt: string]): Promise<void> => {
  await dataSource.query(`INSERT INTO ${FIGURES_SHADOW} (mall_id, month, figures, details, computed_at) VALUES ($1, $2, $3, $4, $5)`, values);
};

/** The catch-up's writes to the shadow: multi-row upserts through unnest, one statement per batch. */
export const shadowUpsert = (): ((queryable: Queryable, columns: unknown[][]) => Promise<void>) => {
  const conflict = `ON CONFLICT (complaint_id) DO UPDATE SET ${CASE_PATH_COLUMNS.slice(1)
    .map((column) => `${column} = EXCLUDED.${column}`)
    .join(', ')}`;
  const sql = `INSERT INTO ${SHADOW} (${CASE_PATH_COLUMNS.join(', ')})
   SELECT * FROM unnest(${CASE_PATH_COLUMN_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')}) ${conflict}`;
  return async (queryable, columns) => {
    await queryable.query(sql, columns);
  };
};

export const shadowStatesOf = (queryable: Queryable, ids: string[]): Promise<{ complaint_id: string; state: unknown }[]> =>
  queryable.query(`SELECT complaint_id, state FROM ${SHADOW} WHERE complaint_id = ANY($1::uuid[])`, [ids]);

/** Live handlers wait here; what they were about to write is read from the logs instead. */
export const lockLiveCasePaths = async (manager: Queryable): Promise<void> => {
  await manager.query(`LOCK TABLE analytics.case_paths IN ACCESS EXCLUSIVE MODE`);
};

export const swapInShadow = async (manager: Queryable): Promise<void> => {
  await manager.query(`DROP TABLE analytics.case_paths`);
  await manager.query(`ALTER TABLE ${SHADOW} RENAME TO case_paths`);
  await manager.query(`ALTER TABLE analytics.case_paths RENAME CONSTRAINT case_paths_rebuild_pkey TO case_paths_pkey`);
  for (const index of CASE_PATHS_INDEX_NAMES) await manager.query(`ALTER INDEX analytics.case_paths_rebuild_${index} RENAME TO case_paths_${index}`);
};

/** Figures of every mall-month from the figures shadow; the mall-months `touched` are stale at once. */
export const replaceFigures = async (manager: Queryable, touched: string[][]): Promise<void> => {
  await manager.query(`DELETE FROM analytics.mall_month_dirty`);
  await manager.query(`DELETE FROM analytics.mall_month_figures`);
  await manager.query(`INSERT INTO analytics.mall_month_figures (mall_id, month, figures, details, computed_at) SELECT mall_id, month, figures, details, computed_at FROM ${FIGURES_SHADOW}`);
  await manager.query(`DROP TABLE ${FIGURES_SHADOW}`);
  await manager.query(
    `INSERT INTO analytics.mall_month_dirty (mall_id, month, marked_at)
       SELECT mall_id, month, clock_timestamp() FROM unnest($1::text[], $2::text[]) AS touched(mall_id, month)
       ON CONFLICT (mall_id, month) DO UPDATE SET marked_at = EXCLUDED.marked_at`,
    [touched.map(([mallId]) => mallId), touched.map(([, month]) => month)],
  );
};
