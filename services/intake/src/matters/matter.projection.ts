import type { Category, ComplainantType, ComplaintKind } from '@mallcare/contracts';
import type { ComplainantState } from './complainant.decider';
import type { MatterState } from './matter.decider';

/**
 * The deciders' states from intake.registrations rows instead of folding events: the rows are written
 * in the same transaction as the events (and kept open/resolved from routing's events), and read
 * under the person's or the matter's lock (RegistrationRepository).
 */
export interface MatterMemberRow {
  complaint_id: string;
  tenant_key: string;
  received_at: Date;
  complainant_type: ComplainantType;
  written: boolean;
  collective_id: string | null;
}

export const matterStateOf = (members: MatterMemberRow[], collectives: { complaint_id: string; case_number: string; status: string }[]): MatterState => ({
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
});

export interface OpenCaseRow {
  complaint_id: string;
  mall_id: string;
  case_number: string;
  category: Category;
  kind: ComplaintKind;
  received_at: Date;
  times_raised: number;
}

/** The person's open cases as the complainant decider's state. */
export const complainantStateOf = (rows: OpenCaseRow[]): ComplainantState => ({
  cases: Object.fromEntries(
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
  ),
});
