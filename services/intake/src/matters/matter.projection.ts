import type { Category, ComplainantType, ComplaintKind } from '@mallcare/contracts';
import type { EntityManager } from 'typeorm';
import type { ComplainantState } from './complainant.decider';
import type { MatterState } from './matter.decider';

/**
 * The deciders' states read from intake.registrations instead of folding events: the rows are written
 * in the same transaction as the events (and kept open/resolved from routing's events), and read
 * under the person's or the matter's lock.
 */
interface MemberRow {
  complaint_id: string;
  tenant_key: string;
  received_at: Date;
  complainant_type: ComplainantType;
  written: boolean;
  collective_id: string | null;
}

export const loadMatterState = async (
  manager: EntityManager,
  matter: { mallId: string; category: Category; matterKey: string },
  receivedAt: Date,
  windowMinutes: number,
): Promise<MatterState> => {
  const windowMs = windowMinutes * 60_000;
  const members: MemberRow[] = await manager.query(
    `SELECT complaint_id, tenant_key, received_at, complainant_type, written, collective_id FROM intake.registrations
     WHERE mall_id = $1 AND category = $2 AND matter_key = $3 AND kind = 'complaint' AND NOT is_collective
       AND received_at BETWEEN $4 AND $5`,
    [matter.mallId, matter.category, matter.matterKey, new Date(receivedAt.getTime() - windowMs), new Date(receivedAt.getTime() + windowMs)],
  );
  const collectiveIds = [...new Set(members.map((member) => member.collective_id).filter((id): id is string => id !== null))];
  const collectives: { complaint_id: string; case_number: string; status: string }[] =
    collectiveIds.length === 0
      ? []
      : await manager.query(`SELECT complaint_id, case_number, status FROM intake.registrations WHERE complaint_id = ANY($1::uuid[])`, [collectiveIds]);
  return {
    members: Object.fromEntries(
      members.map((row) => [
        row.complaint_id,
        {
          complaintId: row.complaint_id,
          tenantKey: row.tenant_key,
          receivedAt: new Date(row.received_at).toISOString(),
          complainantType: row.complainant_type,
          written: row.written,
          collectiveId: row.collective_id,
        },
      ]),
    ),
    collectives: Object.fromEntries(collectives.map((row) => [row.complaint_id, { complaintId: row.complaint_id, caseNumber: row.case_number, open: row.status === 'open' }])),
  };
};

export interface OpenCaseRow {
  complaint_id: string;
  mall_id: string;
  case_number: string;
  category: Category;
  kind: ComplaintKind;
  received_at: Date;
  times_raised: number;
}

/** The person's open cases (collective cases carry no person). */
export const loadComplainantState = async (manager: EntityManager, subjectId: string): Promise<{ state: ComplainantState; rows: OpenCaseRow[] }> => {
  const rows: OpenCaseRow[] = await manager.query(
    `SELECT complaint_id, mall_id, case_number, category, kind, received_at, times_raised FROM intake.registrations
     WHERE complainant_subject_id = $1 AND status = 'open' AND NOT is_collective`,
    [subjectId],
  );
  const cases = Object.fromEntries(
    rows.map((row) => [
      row.complaint_id,
      {
        complaintId: row.complaint_id,
        mallId: row.mall_id,
        category: row.category,
        kind: row.kind,
        receivedAt: new Date(row.received_at).toISOString(),
        open: true,
        timesRaised: row.times_raised,
      },
    ]),
  );
  return { state: { cases }, rows };
};
