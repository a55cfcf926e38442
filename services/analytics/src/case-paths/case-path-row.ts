import type { GroupPolicy } from '@mallcare/policy';
import { initialCasePath, toCaseRecord, type CasePathState } from '../figures/case-path.fold';
import type { CaseRecord } from '../figures/case-record';

/** The columns of analytics.case_paths, in table order; the live writer and the rebuild share it. */
export const CASE_PATH_COLUMNS = [
  'complaint_id',
  'mall_id',
  'month',
  'week',
  'kind',
  'category',
  'channel',
  'owning_department_id',
  'handling_department_id',
  'severity',
  'handler_staff_id',
  'received_at',
  'resolved',
  'closed',
  'state',
  'record',
] as const;

/** PostgreSQL array types of the columns, for multi-row writes through unnest. */
export const CASE_PATH_COLUMN_TYPES = ['uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'boolean', 'boolean', 'jsonb', 'jsonb'] as const;

export type CasePathRowValues = [
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  boolean,
  boolean,
  string,
  string | null,
];

/** One case's row: the filter columns read off its record, its fold state and record as JSON. */
export const casePathRow = (complaintId: string, state: CasePathState, policy: GroupPolicy): { values: CasePathRowValues; record: CaseRecord | null } => {
  const record = toCaseRecord(state, policy);
  return {
    record,
    values: [
      complaintId,
      state.mallId ?? '',
      record?.month ?? null,
      record?.week ?? null,
      record?.kind ?? null,
      record?.category ?? null,
      record?.channel ?? null,
      record?.owningDepartmentId ?? null,
      record?.handlingDepartmentId ?? null,
      record?.severity ?? null,
      record?.handlerStaffId ?? null,
      record?.receivedAt ?? null,
      record?.resolvedAt !== null && record?.resolvedAt !== undefined,
      record?.closedAt !== null && record?.closedAt !== undefined,
      JSON.stringify(state),
      record === null ? null : JSON.stringify(record),
    ],
  };
};

/** A stored state, or the initial one for a row that has none yet. */
export const storedState = (value: unknown): CasePathState => {
  const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<CasePathState> | null;
  if (!parsed || !parsed.facts) return initialCasePath();
  return { ...initialCasePath(), ...parsed } as CasePathState;
};
