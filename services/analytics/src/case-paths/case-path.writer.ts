import type { ComplaintEvent } from '@mallcare/contracts';
import type { GroupPolicy } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { evolveCasePath } from '../figures/case-path.fold';
import { CASE_PATH_COLUMNS, casePathRow, storedState } from './case-path-row';

const UPSERT_CASE_PATH = `INSERT INTO analytics.case_paths (${CASE_PATH_COLUMNS.join(', ')}, updated_at)
  VALUES (${CASE_PATH_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')}, now())
  ON CONFLICT (complaint_id) DO UPDATE SET ${CASE_PATH_COLUMNS.slice(1)
    .map((column) => `${column} = EXCLUDED.${column}`)
    .join(', ')}, updated_at = now()`;

/** Marks a mall-month's figures stale; the refresher recomputes them (a newer mark survives a racing refresh). */
export const markMallMonthDirty = async (manager: Pick<EntityManager, 'query'>, mallId: string, month: string): Promise<void> => {
  await manager.query(
    `INSERT INTO analytics.mall_month_dirty (mall_id, month, marked_at) VALUES ($1, $2, clock_timestamp())
     ON CONFLICT (mall_id, month) DO UPDATE SET marked_at = EXCLUDED.marked_at`,
    [mallId, month],
  );
};

/**
 * Read-evolve-write of one case path in the handler's transaction: the row is locked first (created
 * empty if new) so two sources' events for one case queue up instead of losing an update.
 */
export const applyToCasePath = async (manager: EntityManager, event: ComplaintEvent, policy: GroupPolicy): Promise<void> => {
  const { complaintId, mallId } = event.metadata;
  await manager.query(
    `INSERT INTO analytics.case_paths (complaint_id, mall_id, state) VALUES ($1, $2, '{}'::jsonb) ON CONFLICT (complaint_id) DO NOTHING`,
    [complaintId, mallId],
  );
  const rows: { state: unknown }[] = await manager.query(`SELECT state FROM analytics.case_paths WHERE complaint_id = $1 FOR UPDATE`, [complaintId]);
  const previous = storedState(rows[0]?.state);
  const next = evolveCasePath(previous, event);
  if (next === previous) return;
  const { values, record } = casePathRow(complaintId, next, policy);
  await manager.query(UPSERT_CASE_PATH, values);
  if (record) await markMallMonthDirty(manager, record.mallId, record.month);
};
