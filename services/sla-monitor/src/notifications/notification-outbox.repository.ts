import { Injectable } from '@nestjs/common';
import { preparedQuery } from '@mallcare/event-store';
import type { EntityManager } from 'typeorm';
import type { OutgoingNotification, PlannedDelivery } from './notification-plan';
import type { NotificationChannel, NotificationKind } from '@mallcare/policy';

/** What the outbox needs of a case, from the facts the clocks keep (same transaction). */
export interface OutboxCaseFacts {
  collective: boolean;
  departmentId: string | null;
  /** Major, critical or collective: nobody opts out of anything about it. */
  mandatory: boolean;
}

export interface OutboxRow {
  notification: OutgoingNotification;
  subject: string;
  body: Record<string, unknown>;
}

/** notification_outbox and notification_deliveries, written for many notifications in one statement each. */
@Injectable()
export class NotificationOutboxRepository {
  async caseFacts(manager: EntityManager, complaintIds: readonly string[]): Promise<Map<string, OutboxCaseFacts>> {
    if (complaintIds.length === 0) return new Map();
    const rows: { complaint_id: string; collective: boolean; department_id: string | null; mandatory: boolean }[] = await preparedQuery(
      { manager },
      'sla-outbox-case-facts',
      `SELECT complaint_id::text AS complaint_id,
              coalesce((facts->>'collective')::boolean, false) AS collective,
              coalesce(facts->>'handlingDepartmentId', facts->>'owningDepartmentId') AS department_id,
              coalesce(facts->>'severity' IN ('major', 'critical'), false) OR coalesce((facts->>'collective')::boolean, false) AS mandatory
       FROM sla_monitor.clock_cases WHERE complaint_id = ANY($1::uuid[])`,
      [complaintIds],
    );
    return new Map(rows.map((row) => [row.complaint_id, { collective: row.collective, departmentId: row.department_id, mandatory: row.mandatory }]));
  }

  /** Each person's opt-outs, as kind and channel. */
  async optOuts(manager: EntityManager, staffIds: readonly string[]): Promise<Map<string, { kind: NotificationKind; channel: NotificationChannel }[]>> {
    const optOuts = new Map<string, { kind: NotificationKind; channel: NotificationChannel }[]>();
    if (staffIds.length === 0) return optOuts;
    const rows: { staff_id: string; kind: NotificationKind; channel: NotificationChannel }[] = await preparedQuery(
      { manager },
      'sla-outbox-opt-outs',
      `SELECT staff_id, kind, channel FROM sla_monitor.notification_opt_outs WHERE staff_id = ANY($1::text[])`,
      [staffIds],
    );
    for (const row of rows) optOuts.set(row.staff_id, [...(optOuts.get(row.staff_id) ?? []), { kind: row.kind, channel: row.channel }]);
    return optOuts;
  }

  /** Keeps each notification once (its key); returns the keys newly kept, the others having been kept before. */
  async keep(manager: EntityManager, rows: readonly OutboxRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const kept: { notification_key: string }[] = await preparedQuery(
      { manager },
      'sla-outbox-keep',
      `INSERT INTO sla_monitor.notification_outbox (notification_key, complaint_id, staff_id, rung, subject, body, sent_at)
       SELECT n.*, now() FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS n(notification_key, complaint_id, staff_id, rung, subject, body)
       ON CONFLICT (notification_key) DO NOTHING RETURNING notification_key`,
      [
        rows.map((row) => row.notification.key),
        rows.map((row) => row.notification.complaintId),
        rows.map((row) => row.notification.staffId),
        rows.map((row) => row.notification.rung),
        rows.map((row) => row.subject),
        rows.map((row) => JSON.stringify(row.body)),
      ],
    );
    return new Set(kept.map((row) => row.notification_key));
  }

  async planDeliveries(manager: EntityManager, deliveries: readonly { notification: OutgoingNotification; delivery: PlannedDelivery }[]): Promise<void> {
    if (deliveries.length === 0) return;
    const column = <T>(pick: (entry: (typeof deliveries)[number]) => T): T[] => deliveries.map(pick);
    await preparedQuery(
      { manager },
      'sla-outbox-plan-deliveries',
      `INSERT INTO sla_monitor.notification_deliveries
         (delivery_key, notification_key, complaint_id, mall_id, department_id, staff_id, robot_id, channel, kind, rung, payload, decided_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::timestamptz[])
       ON CONFLICT (delivery_key) DO NOTHING`,
      [
        column((entry) => entry.delivery.deliveryKey),
        column((entry) => entry.notification.key),
        column((entry) => entry.notification.complaintId),
        column((entry) => entry.notification.mallId),
        column((entry) => entry.notification.departmentId),
        column((entry) => entry.delivery.staffId),
        column((entry) => entry.delivery.robotId),
        column((entry) => entry.delivery.channel),
        column((entry) => entry.notification.kind),
        column((entry) => entry.notification.rung),
        column((entry) => JSON.stringify(entry.notification.about)),
        column((entry) => entry.notification.decidedAt),
      ],
    );
  }
}
