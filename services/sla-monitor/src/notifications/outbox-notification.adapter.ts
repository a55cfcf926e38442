import { Injectable } from '@nestjs/common';
import { notificationPolicyOf } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { NotificationPort, type SlaNotification } from './notification.port';
import { NotificationPolicySource } from './notification-policy.source';
import { optOutKey, outgoingOfClockNotification, plannedDeliveries, type OutgoingNotification } from './notification-plan';

export interface OutboxEntry {
  notification: OutgoingNotification;
  subject: string;
  body: Record<string, unknown>;
}

/**
 * Notifications as rows of sla_monitor.notification_outbox, written in the transaction that decided
 * them (a unique key keeps each to one row whatever retries happen), fanned out there and then into
 * one notification_deliveries row per channel and person or robot, as the notification policy says.
 * The delivery worker sends from those rows; nothing here talks to the outside.
 */
@Injectable()
export class OutboxNotificationAdapter extends NotificationPort {
  constructor(private readonly policy: NotificationPolicySource) {
    super();
  }

  async notify(manager: EntityManager, notifications: readonly SlaNotification[], now: Date = new Date()): Promise<void> {
    const entries: OutboxEntry[] = [];
    for (const complaintId of new Set(notifications.map((notification) => notification.complaintId))) {
      const facts = await caseFactsOf(manager, complaintId);
      for (const notification of notifications.filter((candidate) => candidate.complaintId === complaintId)) {
        const outgoing = outgoingOfClockNotification(notification, facts, now);
        if (outgoing) entries.push({ notification: outgoing, subject: notification.subject, body: notification.body });
      }
    }
    await this.enqueue(manager, entries);
  }

  /** Keep each notification once and plan its deliveries; a notification already kept (a redelivered event) plans nothing more. */
  async enqueue(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
    const policy = notificationPolicyOf(this.policy.current());
    for (const { notification, subject, body } of entries) {
      const kept: { id: string }[] = await manager.query(
        `INSERT INTO sla_monitor.notification_outbox (notification_key, complaint_id, staff_id, rung, subject, body, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT (notification_key) DO NOTHING RETURNING id`,
        [notification.key, notification.complaintId, notification.staffId, notification.rung, subject, JSON.stringify(body)],
      );
      if (kept.length === 0) continue;
      // Nobody opts out of anything about a major/critical or collective case, whatever the kind (a warning of its report deadline too).
      const optOuts = notification.staffId && !(await isMajorOrCollective(manager, notification.complaintId)) ? await optOutsOf(manager, notification.staffId) : new Set<string>();
      for (const delivery of plannedDeliveries(policy, notification, optOuts)) {
        await manager.query(
          `INSERT INTO sla_monitor.notification_deliveries
             (delivery_key, notification_key, complaint_id, mall_id, department_id, staff_id, robot_id, channel, kind, rung, payload, decided_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (delivery_key) DO NOTHING`,
          [
            delivery.deliveryKey,
            notification.key,
            notification.complaintId,
            notification.mallId,
            notification.departmentId,
            delivery.staffId,
            delivery.robotId,
            delivery.channel,
            notification.kind,
            notification.rung,
            JSON.stringify(notification.about),
            notification.decidedAt,
          ],
        );
      }
    }
  }
}

/** The case's facts as the clocks just wrote them (same transaction): collective or not, the department holding it. */
const caseFactsOf = async (manager: EntityManager, complaintId: string): Promise<{ collective: boolean; departmentId: string | null }> => {
  const rows: { facts: { collective?: boolean; handlingDepartmentId?: string | null; owningDepartmentId?: string | null } }[] = await manager.query(
    `SELECT facts FROM sla_monitor.clock_cases WHERE complaint_id = $1`,
    [complaintId],
  );
  const facts = rows[0]?.facts;
  return { collective: facts?.collective === true, departmentId: facts?.handlingDepartmentId ?? facts?.owningDepartmentId ?? null };
};

const isMajorOrCollective = async (manager: EntityManager, complaintId: string): Promise<boolean> => {
  const rows: { mandatory: boolean }[] = await manager.query(
    `SELECT coalesce(facts->>'severity' IN ('major', 'critical'), false) OR coalesce((facts->>'collective')::boolean, false) AS mandatory
     FROM sla_monitor.clock_cases WHERE complaint_id = $1`,
    [complaintId],
  );
  return rows[0]?.mandatory === true;
};

const optOutsOf = async (manager: EntityManager, staffId: string): Promise<Set<string>> => {
  const rows: { kind: Parameters<typeof optOutKey>[0]; channel: Parameters<typeof optOutKey>[1] }[] = await manager.query(
    `SELECT kind, channel FROM sla_monitor.notification_opt_outs WHERE staff_id = $1`,
    [staffId],
  );
  return new Set(rows.map((row) => optOutKey(row.kind, row.channel)));
};
