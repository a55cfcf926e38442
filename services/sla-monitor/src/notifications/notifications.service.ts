import { Injectable } from '@nestjs/common';
import type { CallbackScheduled, CaseOpened, CaseReopenRequested } from '@mallcare/contracts';
import { PolicyStore, type Identity } from '@mallcare/platform';
import { findDepartment, mayOptOut, notificationPolicyOf, type NotificationChannel, type NotificationKind } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { NotificationsException } from './notifications.exception';
import { NotificationsRepository } from './notifications.repository';
import { OutboxNotificationAdapter } from './outbox-notification.adapter';
import type { OutgoingNotification } from './notification-plan';
import { maskContact, StaffContactsRepository, type StaffContacts } from './staff-contacts.repository';

export interface InboxItem {
  id: string;
  complaintId: string;
  caseNumber: string | null;
  kind: string;
  rung: string;
  title: string;
  body: string;
  link: string;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  unread: number;
  total: number;
  nextOffset: number | null;
}

export interface DeliveryListItem {
  id: string;
  complaintId: string;
  mallId: string;
  channel: string;
  kind: string;
  rung: string;
  staffId: string | null;
  robotId: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  decidedAt: string;
  sentAt: string | null;
  failedAt: string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The owning department's manager: who answers for the callback (DOMAIN §8). */
const CALLBACK_RUNG = 'department-manager' as const;

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly policy: PolicyStore,
    private readonly outbox: OutboxNotificationAdapter,
    private readonly contacts: StaffContactsRepository,
  ) {}

  /** Routing opened the case: its number, for the messages' subject. */
  async onCaseOpened(event: CaseOpened, manager: EntityManager): Promise<void> {
    await this.rememberCaseNumber(event.metadata, event.data.caseNumber, manager);
  }

  /**
   * The case number for the messages' subject, kept as soon as any event carries it: a complaint
   * received hours ago is escalated while its registration is handled, before routing opens the case.
   */
  async rememberCaseNumber(about: { complaintId: string; mallId: string }, caseNumber: string, manager: EntityManager): Promise<void> {
    await this.notifications.rememberCaseNumber(manager, about, caseNumber);
  }

  /** A callback is due: the owning department hears it (its manager, and its robot if it has one). */
  async onCallbackScheduled(event: CallbackScheduled, manager: EntityManager): Promise<void> {
    const { complaintId, mallId, eventId, occurredAt } = event.metadata;
    await this.notifications.noteOwningDepartment(manager, { complaintId, mallId }, event.data.owningDepartmentId);
    await this.tellOwningDepartment(manager, { complaintId, mallId, eventId, occurredAt }, event.data.owningDepartmentId, 'callback-due', { dueAt: event.data.dueAt });
  }

  /** The customer was not satisfied (or the matter not solved): the owning department hears it. */
  async onReopenRequested(event: CaseReopenRequested, manager: EntityManager): Promise<void> {
    const { complaintId, mallId, eventId, occurredAt } = event.metadata;
    const department = await this.notifications.owningDepartmentOf(manager, complaintId);
    await this.tellOwningDepartment(manager, { complaintId, mallId, eventId, occurredAt }, department, 'dissatisfied', {
      satisfaction: event.data.satisfaction,
      solved: event.data.solved,
    });
  }

  private async tellOwningDepartment(
    manager: EntityManager,
    source: { complaintId: string; mallId: string; eventId: string; occurredAt: string },
    departmentId: string | null,
    kind: 'callback-due' | 'dissatisfied',
    about: OutgoingNotification['about'],
  ): Promise<void> {
    const policy = this.policy.current();
    const staffId = departmentId ? (findDepartment(policy, source.mallId, departmentId)?.managerStaffId ?? null) : null;
    const decisionKey = `${source.complaintId}:${kind}:${source.eventId}`;
    const notification: OutgoingNotification = {
      key: `${decisionKey}:${staffId ?? CALLBACK_RUNG}`,
      decisionKey,
      complaintId: source.complaintId,
      mallId: source.mallId,
      departmentId,
      staffId,
      rung: CALLBACK_RUNG,
      kind,
      decidedAt: source.occurredAt,
      about,
    };
    await this.outbox.enqueue(manager, [{ notification, subject: `[${kind}] ${departmentId ?? 'owning department'}`, body: { ...about, departmentId, eventId: source.eventId } }]);
  }

  async inbox(identity: Identity, limit = 20, offset = 0, unreadOnly = false): Promise<InboxPage> {
    const { rows, unread } = await this.notifications.inbox(identity.staffId, limit, offset, unreadOnly);
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    return {
      items: rows.map(({ total: _total, ...item }) => ({ ...item, dueAt: iso(item.dueAt), createdAt: iso(item.createdAt) as string, readAt: iso(item.readAt) })),
      unread,
      total,
      nextOffset: offset + rows.length < total ? offset + rows.length : null,
    };
  }

  /** Marks one of the caller's own messages read (again: no change); another person's reads as not found. */
  async markRead(identity: Identity, id: string): Promise<{ id: string; readAt: string }> {
    const rows = await this.notifications.markRead(id, identity.staffId);
    if (rows.length === 0) throw new NotificationsException('NOTIFICATION_NOT_FOUND', `no notification ${id} in your inbox`);
    return { id, readAt: iso(rows[0].read_at) as string };
  }

  /** A person's contact details: they see their own in clear; a group admin sees them masked. */
  async contactsOf(identity: Identity, staffId: string): Promise<StaffContacts & { staffId: string }> {
    this.assertMayManage(identity, staffId);
    this.assertContactsAvailable();
    const contacts = (await this.contacts.find(staffId)) ?? { email: null, mobile: null };
    if (identity.staffId === staffId) return { staffId, ...contacts };
    return { staffId, email: maskContact(contacts.email), mobile: maskContact(contacts.mobile) };
  }

  async saveContacts(identity: Identity, staffId: string, contacts: StaffContacts): Promise<{ staffId: string; email: string | null; mobile: string | null }> {
    this.assertMayManage(identity, staffId);
    this.assertContactsAvailable();
    if (!this.policy.current().staff.some((member) => member.id === staffId)) {
      throw new NotificationsException('NOTIFICATION_UNKNOWN_STAFF', `no staff member ${staffId}`);
    }
    await this.contacts.save(staffId, contacts);
    return { staffId, email: maskContact(contacts.email), mobile: maskContact(contacts.mobile) };
  }

  async optOutsOf(identity: Identity): Promise<{ optOuts: { kind: string; channel: string }[]; allowed: string[] }> {
    const rows = await this.notifications.optOutsOf(identity.staffId);
    return { optOuts: rows, allowed: notificationPolicyOf(this.policy.current()).optOutAllowed };
  }

  /** Replaces the caller's opt-outs; a kind the procedures do not let anyone switch off is refused, field by field. */
  async saveOptOuts(identity: Identity, optOuts: { kind: NotificationKind; channel: NotificationChannel }[]) {
    const policy = notificationPolicyOf(this.policy.current());
    const errors = optOuts.flatMap((optOut, i) => {
      const messages = [
        ...(mayOptOut(policy, optOut.kind) ? [] : [`${optOut.kind} cannot be switched off (allowed: ${policy.optOutAllowed.join(', ') || 'none'})`]),
        ...(optOut.channel === 'email' || optOut.channel === 'sms' ? [] : [`only e-mail and SMS can be switched off; the inbox always keeps the record`]),
      ];
      return messages.length > 0 ? [{ field: `optOuts.${i}`, messages }] : [];
    });
    if (errors.length > 0) {
      throw new NotificationsException('NOTIFICATION_OPT_OUT_NOT_ALLOWED', 'some opt-outs are not allowed', { errors });
    }
    await this.notifications.replaceOptOuts(identity.staffId, optOuts);
    return this.optOutsOf(identity);
  }

  /** Deliveries by status (failed ones first of interest), newest first, with their last error; for admins and SRE. */
  async deliveries(query: { status?: string; channel?: string; limit?: number; offset?: number }) {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const rows = await this.notifications.deliveries({ status: query.status ?? null, channel: query.channel ?? null, limit, offset });
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    return {
      items: rows.map(({ total: _total, ...item }) => ({
        ...item,
        decidedAt: iso(item.decidedAt) as string,
        sentAt: iso(item.sentAt),
        failedAt: iso(item.failedAt),
      })),
      total,
      nextOffset: offset + rows.length < total ? offset + rows.length : null,
    };
  }

  /** Each try of one delivery: when, by which worker, accepted or why not. */
  async attemptsOf(id: string) {
    const known = /^\d{1,18}$/.test(id) && (await this.notifications.deliveryExists(id));
    if (!known) throw new NotificationsException('NOTIFICATION_DELIVERY_NOT_FOUND', `no delivery ${id}`);
    const rows = await this.notifications.attemptsOf(id);
    return rows.map((row) => ({ ...row, startedAt: iso(row.startedAt), finishedAt: iso(row.finishedAt) }));
  }

  private assertMayManage(identity: Identity, staffId: string): void {
    if (identity.staffId !== staffId && !identity.roles.includes('group-admin')) {
      throw new NotificationsException('NOTIFICATION_CONTACTS_NOT_YOURS', 'only the person themselves or a group admin manages contact details');
    }
  }

  private assertContactsAvailable(): void {
    if (!this.contacts.available) {
      throw new NotificationsException('NOTIFICATION_CONTACTS_UNAVAILABLE', 'contact details cannot be stored: NOTIFY_CONTACTS_MASTER_KEY is not set');
    }
  }
}
