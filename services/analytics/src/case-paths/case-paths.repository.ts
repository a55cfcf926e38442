import { lockOrCreate, preparedQuery } from '@mallcare/event-store';
import type { EntityManager } from 'typeorm';
import { CASE_PATH_COLUMNS, type CasePathRowValues } from './case-path-row';

/**
 * The SQL twin of countedCases (figures/counted-cases.ts) over analytics.case_paths aliased `p`, for
 * the reads that page rows instead of loading a period: a member of a collective is not counted on
 * its own (the stored column `counted`, see the migrations' countedColumnDdl), and a collective case
 * reads its earliest member's channel (that member shares its month).
 */
export const COUNTED_CASE_SQL = `p.counted`;

export const COUNTED_CHANNEL_SQL = `coalesce(p.channel, CASE WHEN (p.record->>'collective')::boolean THEN (
    SELECT m.channel FROM analytics.case_paths m
    WHERE m.mall_id = p.mall_id AND m.month = p.month AND m.record->>'collectiveCaseNumber' = p.record->>'caseNumber'
    ORDER BY m.received_at, m.record->>'caseNumber' LIMIT 1) END)`;

const STALE_MALL = CASE_PATH_COLUMNS.length + 1;
const STALE_MONTH = CASE_PATH_COLUMNS.length + 2;

/** The row's upsert and, when the case has a record, its mall-month's stale mark: one statement, one round trip. */
const WRITE_CASE_PATH = `WITH written AS (
    INSERT INTO analytics.case_paths (${CASE_PATH_COLUMNS.join(', ')}, updated_at)
    VALUES (${CASE_PATH_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')}, now())
    ON CONFLICT (complaint_id) DO UPDATE SET ${CASE_PATH_COLUMNS.slice(1)
      .map((column) => `${column} = EXCLUDED.${column}`)
      .join(', ')}, updated_at = now()
  )
  INSERT INTO analytics.mall_month_dirty (mall_id, month, marked_at)
    SELECT $${STALE_MALL}::text, $${STALE_MONTH}::text, clock_timestamp() WHERE $${STALE_MONTH}::text IS NOT NULL
    ON CONFLICT (mall_id, month) DO UPDATE SET marked_at = EXCLUDED.marked_at`;

// The statements below run for every event analytics folds: named, so PostgreSQL plans each once per connection.

/** The case path's stored fold state, its row locked for the handler's transaction (created empty if new). */
export const lockCasePathState = async (manager: EntityManager, complaintId: string, mallId: string): Promise<unknown> => {
  const row = await lockOrCreate<{ state: unknown }>(
    manager,
    { name: 'mallcare-analytics-lock-case-path', text: `SELECT state FROM analytics.case_paths WHERE complaint_id = $1 FOR UPDATE`, values: [complaintId] },
    {
      name: 'mallcare-analytics-open-case-path',
      text: `INSERT INTO analytics.case_paths (complaint_id, mall_id, state) VALUES ($1, $2, '{}'::jsonb) ON CONFLICT (complaint_id) DO NOTHING`,
      values: [complaintId, mallId],
    },
  );
  return row.state;
};

/**
 * Writes a case path's row (values in CASE_PATH_COLUMNS order) and marks the mall-month of its record
 * stale, if it has one: the refresher recomputes those figures (a newer mark survives a racing refresh).
 */
export const writeCasePath = async (manager: EntityManager, values: CasePathRowValues, stale: { mallId: string; month: string } | null): Promise<void> => {
  await preparedQuery({ manager }, 'mallcare-analytics-write-case-path', WRITE_CASE_PATH, [...values, stale?.mallId ?? null, stale?.month ?? null]);
};
