import type { CaseClosed } from '@mallcare/contracts';
import type { EntityManager } from 'typeorm';

/** Callback's closures as routing heard them (routing.case_closures), folded with each case's own stream. */
export const noteClosure = async (manager: Pick<EntityManager, 'query'>, closed: CaseClosed): Promise<void> => {
  const { eventId, complaintId, recordedAt } = closed.metadata;
  await manager.query(
    `INSERT INTO routing.case_closures (event_id, complaint_id, recorded_at, event) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
    [eventId, complaintId, recordedAt, JSON.stringify(closed)],
  );
};

export const closuresOf = async (manager: Pick<EntityManager, 'query'>, complaintId: string): Promise<CaseClosed[]> => {
  const rows: { event: CaseClosed }[] = await manager.query(`SELECT event FROM routing.case_closures WHERE complaint_id = $1 ORDER BY recorded_at, event_id`, [
    complaintId,
  ]);
  return rows.map((row) => row.event);
};
