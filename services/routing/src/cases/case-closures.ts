import type { CaseClosed, ComplaintEvent } from '@mallcare/contracts';
import { sqlMigration } from '@mallcare/event-store';
import type { EntityManager } from 'typeorm';

/**
 * Callback decides a case is closed (CaseClosed); routing keeps each closure it hears so its case
 * decider folds it with the case's own stream (issue 11 item 9): a closed case shows closed here and
 * takes no command, a reopen that won the race with the closure still stands.
 */
export const caseClosuresMigrations = [
  sqlMigration('RoutingCaseClosures1764600000100', [
    `CREATE TABLE routing.case_closures (
       event_id uuid PRIMARY KEY,
       complaint_id uuid NOT NULL,
       recorded_at timestamptz NOT NULL,
       event jsonb NOT NULL
     )`,
    `CREATE INDEX case_closures_complaint_idx ON routing.case_closures (complaint_id, recorded_at)`,
  ]),
];

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

/**
 * The case's own events with callback's closures in between, in the order the two stores recorded
 * them (a closure goes after every own event recorded at or before it): the order they happened in.
 */
export const withClosures = (own: readonly ComplaintEvent[], closures: readonly CaseClosed[]): ComplaintEvent[] => {
  const merged: ComplaintEvent[] = [];
  let next = 0;
  for (const event of own) {
    while (next < closures.length && Date.parse(closures[next].metadata.recordedAt) < Date.parse(event.metadata.recordedAt)) merged.push(closures[next++]);
    merged.push(event);
  }
  return [...merged, ...closures.slice(next)];
};
