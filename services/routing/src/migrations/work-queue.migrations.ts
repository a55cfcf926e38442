import { sqlMigration } from '@mallcare/event-store';

/** The departments' work queues: one row per case, rewritten from the case's state in the transaction that changed it. */
export const workQueueMigrations = [
  sqlMigration('RoutingWorkQueue1763900000200', [
    `CREATE TABLE routing.case_queue (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       case_number text,
       kind text,
       category text,
       channel text,
       complainant_type text,
       written boolean NOT NULL DEFAULT false,
       collective boolean NOT NULL DEFAULT false,
       member_of_collective_id uuid,
       description text,
       status text NOT NULL,
       severity text,
       validity text,
       responsibility text,
       owning_department_id text,
       handling_department_id text,
       assignee_staff_id text,
       assisting_department_ids text[] NOT NULL DEFAULT '{}',
       media_risk boolean NOT NULL DEFAULT false,
       repeat_count integer NOT NULL DEFAULT 0,
       received_at timestamptz,
       due_at timestamptz,
       resolved_at timestamptz,
       policy_version text,
       version integer NOT NULL,
       updated_at timestamptz NOT NULL
     )`,
    `CREATE INDEX case_queue_department_idx ON routing.case_queue (mall_id, handling_department_id, status)`,
    `CREATE INDEX case_queue_assignee_idx ON routing.case_queue (assignee_staff_id, status)`,
    `CREATE INDEX case_queue_assisting_idx ON routing.case_queue USING gin (assisting_department_ids)`,
    `CREATE INDEX case_queue_due_idx ON routing.case_queue (due_at) WHERE status <> 'resolved'`,
    // Cases routed before the queue existed (the thin path) enter it with what their log says.
    `INSERT INTO routing.case_queue
       (complaint_id, mall_id, status, owning_department_id, handling_department_id, policy_version, resolved_at, version, updated_at)
     SELECT routed.complaint_id, routed.mall_id,
            CASE WHEN resolved.event_id IS NULL THEN 'routed' ELSE 'resolved' END,
            routed.data->>'owningDepartmentId', routed.data->>'handlingDepartmentId', routed.data->>'policyVersion',
            resolved.occurred_at,
            (SELECT max(e.stream_position) FROM routing.events e WHERE e.stream_id = routed.stream_id),
            now()
     FROM routing.events routed
     LEFT JOIN routing.events resolved ON resolved.stream_id = routed.stream_id AND resolved.event_type = 'CaseResolved'
     WHERE routed.event_type = 'CaseRouted'
     ON CONFLICT (complaint_id) DO NOTHING`,
  ]),
  // The queue shows the deadlines sla-monitor holds each case to (its events), not a deadline of routing's own.
  sqlMigration('RoutingQueueClocks1764650000200', [
    `CREATE TABLE routing.case_clocks (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       clocks jsonb NOT NULL DEFAULT '[]',
       next_due_at timestamptz,
       updated_at timestamptz NOT NULL
     )`,
    `CREATE INDEX case_clocks_next_due_idx ON routing.case_clocks (next_due_at)`,
    `DROP INDEX IF EXISTS routing.case_queue_due_idx`,
    `ALTER TABLE routing.case_queue DROP COLUMN due_at`,
    `CREATE INDEX case_queue_mall_status_idx ON routing.case_queue (mall_id, status)`,
  ]),
];
