import type { Client } from 'pg';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';

const LOAD_BATCH = 100_000;

const facts = JSON.stringify({
  mallId: 'SH01',
  receivedAt: null,
  kind: 'complaint',
  category: 'product-quality',
  complainantType: 'consumer',
  requestedDeadline: null,
  responsibility: null,
  severity: null,
  collective: false,
  owningDepartmentId: 'operations',
  handlingDepartmentId: 'operations',
  handlerStaffId: 'sh01-operations-1',
  resolved: false,
  mediaRisk: false,
  seen: {},
});

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export interface ClockBatch {
  /** The clock of the sample policy (its ladder decides who is told on breach). */
  kind: 'forward-to-responsible' | 'business-affected';
  targetMinutes: number;
  /** Also a case number in sla-monitor's notification_cases, as CaseOpened would give it. */
  caseNumbers?: boolean;
}

/**
 * `count` running clocks of SH01, the i-th due at `firstDue + i × stepMs`: its start event, its timer
 * row and its read-model row, written straight into sla-monitor's tables (what the service would have
 * written on the start event), so a bench can have deadlines fall due at a steady rate.
 */
export const insertClocks = async (client: Client, count: number, firstDue: Date, stepMs: number, batch: ClockBatch = { kind: 'forward-to-responsible', targetMinutes: 10 }): Promise<void> => {
  const clockId = `${batch.kind}#1`;
  for (let from = 0; from < count; from += LOAD_BATCH) {
    const to = Math.min(count, from + LOAD_BATCH) - 1;
    await client.query(
      `WITH ids AS (
         SELECT gen_random_uuid() AS id, g, $1::timestamptz + (g * $3::double precision) * interval '1 millisecond' AS due
         FROM generate_series($4::int, $5::int) g
       ), events AS (
         INSERT INTO sla_monitor.events (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at)
         SELECT 'sla-' || id, 1, gen_random_uuid(), 'SlaClockStarted', 2, id, 'SH01',
                jsonb_build_object('clockId', $7::text, 'clockKind', $8::text,
                  'startedAt', to_char((due - make_interval(mins => $9)) AT TIME ZONE 'UTC', ${ISO}), 'dueAt', to_char(due AT TIME ZONE 'UTC', ${ISO}),
                  'targetMinutes', $9, 'policyVersion', $2::text, 'calendarCoverage', jsonb_build_object('status', 'official'),
                  'warnAt', '[]'::jsonb, 'byCustomerDeadline', false),
                jsonb_build_object('actor', jsonb_build_object('type', 'system', 'id', 'sla-bench'), 'correlationId', id::text, 'causationId', null),
                due - make_interval(mins => $9)
         FROM ids
       ), cases AS (
         INSERT INTO sla_monitor.clock_cases (complaint_id, mall_id, facts, next_fire_at, updated_at)
         SELECT id, 'SH01', $6::jsonb, due, now() FROM ids
       )${
         batch.caseNumbers
           ? `, numbers AS (
         INSERT INTO sla_monitor.notification_cases (complaint_id, mall_id, case_number, owning_department_id, updated_at)
         SELECT id, 'SH01', 'SH01-BENCH-' || lpad(g::text, 6, '0'), 'operations', now() FROM ids
       )`
           : ''
       }
       INSERT INTO sla_monitor.clocks (complaint_id, clock_id, mall_id, department_id, kind, state, started_at, due_at, escalations, policy_version, updated_at)
       SELECT id, $7::text, 'SH01', 'operations', $8::text, 'running', due - make_interval(mins => $9), due, 0, $2::text, now() FROM ids`,
      [firstDue, SAMPLE_GROUP_POLICY.version, stepMs, from, to, facts, clockId, batch.kind, batch.targetMinutes],
    );
  }
};
