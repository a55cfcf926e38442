import { Injectable } from '@nestjs/common';
import { notificationPolicyOf } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { NotificationPort, type SlaNotification } from './notification.port';
import { NotificationPolicySource } from './notification-policy.source';
import { optOutKey, outgoingOfClockNotification, plannedDeliveries, type OutgoingNotification, type PlannedDelivery } from './notification-plan';
import { NotificationOutboxRepository, type OutboxCaseFacts } from './notification-outbox.repository';

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
  constructor(
    private readonly policy: NotificationPolicySource,
    private readonly outbox: NotificationOutboxRepository,
  ) {
    super();
  }

  async notify(manager: EntityManager, notifications: readonly SlaNotification[], now: Date = new Date()): Promise<void> {
    if (notifications.length === 0) return;
    const facts = await this.outbox.caseFacts(manager, [...new Set(notifications.map((notification) => notification.complaintId))]);
    const entries: OutboxEntry[] = [];
    for (const notification of notifications) {
      const outgoing = outgoingOfClockNotification(notification, facts.get(notification.complaintId) ?? { collective: false, departmentId: null }, now);
      if (outgoing) entries.push({ notification: outgoing, subject: notification.subject, body: notification.body });
    }
    await this.enqueue(manager, entries, facts);
  }

  /**
   * Keep each notification once and plan its deliveries; a notification already kept (a redelivered event)
   * plans nothing more. One statement per table however many notifications (a timer batch brings hundreds).
   */
  async enqueue(manager: EntityManager, entries: readonly OutboxEntry[], knownFacts?: ReadonlyMap<string, OutboxCaseFacts>): Promise<void> {
    const seen = new Set<string>();
    const first = entries.filter((entry) => !seen.has(entry.notification.key) && seen.add(entry.notification.key));
    const kept = await this.outbox.keep(manager, first);
    const keptEntries = first.filter((entry) => kept.has(entry.notification.key));
    if (keptEntries.length === 0) return;
    const policy = notificationPolicyOf(this.policy.current());
    const complaintIds = [...new Set(keptEntries.map((entry) => entry.notification.complaintId))];
    const facts = knownFacts ?? (await this.outbox.caseFacts(manager, complaintIds));
    // Nobody opts out of anything about a major/critical or collective case, whatever the kind (a warning of its report deadline too).
    const optingStaff = keptEntries.filter((entry) => entry.notification.staffId && !facts.get(entry.notification.complaintId)?.mandatory).map((entry) => entry.notification.staffId as string);
    const optOuts = await this.outbox.optOuts(manager, [...new Set(optingStaff)]);
    const deliveries = new Map<string, { notification: OutgoingNotification; delivery: PlannedDelivery }>();
    for (const { notification } of keptEntries) {
      const mandatory = facts.get(notification.complaintId)?.mandatory === true;
      const optedOut = new Set(notification.staffId && !mandatory ? (optOuts.get(notification.staffId) ?? []).map((row) => optOutKey(row.kind, row.channel)) : []);
      for (const delivery of plannedDeliveries(policy, notification, optedOut)) {
        if (!deliveries.has(delivery.deliveryKey)) deliveries.set(delivery.deliveryKey, { notification, delivery });
      }
    }
    await this.outbox.planDeliveries(manager, [...deliveries.values()]);
  }
}
