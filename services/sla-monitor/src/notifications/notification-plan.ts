import {
  channelsFor,
  ESCALATION_RUNGS,
  mayOptOut,
  PERSONAL_CHANNELS,
  robotsFor,
  type EscalationRung,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPolicy,
} from '@mallcare/policy';
import type { SlaNotification } from './notification.port';

/** What a message says beyond its kind: the clock, its deadline, why; a callback's due time or verdict. */
export interface NotificationAbout {
  clockKind?: string;
  dueAt?: string;
  why?: string;
  step?: number;
  percent?: number;
  satisfaction?: string;
  solved?: boolean;
}

/** One person (or a rung nobody holds) to be told one thing about one case, with what decides its channels. */
export interface OutgoingNotification {
  /** Unique per decision and person (the outbox row). */
  key: string;
  /** The decision itself, the same for everyone it tells: a group robot hears it once. */
  decisionKey: string;
  complaintId: string;
  mallId: string;
  departmentId: string | null;
  staffId: string | null;
  rung: EscalationRung;
  kind: NotificationKind;
  decidedAt: string;
  about: NotificationAbout;
}

/** One row of notification_deliveries: one channel to one person, or one robot for the decision. */
export interface PlannedDelivery {
  deliveryKey: string;
  channel: NotificationChannel;
  staffId: string | null;
  robotId: string | null;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export const isEscalationRung = (rung: string): rung is EscalationRung => (ESCALATION_RUNGS as readonly string[]).includes(rung);

/**
 * A clock decision's notification (SlaEscalated or SlaClockWarned, as the clocks write it) read as a
 * kind of message: a warning, a rung of the ladder, or an immediate notice (collective when the case is).
 */
export const outgoingOfClockNotification = (
  notification: SlaNotification,
  caseFacts: { collective: boolean; departmentId: string | null },
  now: Date,
): OutgoingNotification | null => {
  const { body } = notification;
  if (!isEscalationRung(notification.rung)) return null;
  const kind: NotificationKind =
    body.reason === 'notice'
      ? body.notice === 'media-risk'
        ? 'media-risk'
        : caseFacts.collective
          ? 'collective'
          : 'major-notice'
      : body.reason === 'breached' || body.reason === 'still-breached'
        ? 'escalation'
        : 'warning';
  const notified = Array.isArray(body.notified) ? (body.notified as { staffId?: string | null; departmentId?: string }[]) : [];
  const departmentId = notified.find((person) => (person.staffId ?? null) === notification.staffId)?.departmentId ?? caseFacts.departmentId;
  // The person's part of the key is its last segment (a staff id or a rung, neither holds a colon).
  const decisionKey = notification.key.slice(0, notification.key.lastIndexOf(':'));
  return {
    key: notification.key,
    decisionKey,
    complaintId: notification.complaintId,
    mallId: notification.mallId,
    departmentId,
    staffId: notification.staffId,
    rung: notification.rung,
    kind,
    decidedAt: text(body.escalatedAt) ?? text(body.warnedAt) ?? now.toISOString(),
    about: {
      clockKind: text(body.clockKind),
      dueAt: text(body.dueAt) ?? text(body.scheduledAt),
      why: text(body.why),
      step: num(body.step),
      percent: num(body.percent),
    },
  };
};

/**
 * Which rows to write for one notification: each personal channel the policy gives its kind and rung
 * (unless the person opted out of it where that is allowed; nothing personal for a rung nobody holds),
 * and each robot of the mall or department that hears it, keyed by the decision so it hears it once.
 */
export const plannedDeliveries = (
  policy: NotificationPolicy,
  notification: OutgoingNotification,
  optOuts: ReadonlySet<string>,
): PlannedDelivery[] => {
  const personal = notification.staffId
    ? channelsFor(policy, notification.kind, notification.rung)
        .filter((channel) => PERSONAL_CHANNELS.includes(channel))
        .filter((channel) => !(mayOptOut(policy, notification.kind) && channel !== 'inbox' && optOuts.has(optOutKey(notification.kind, channel))))
        .map((channel) => ({ deliveryKey: `${notification.key}:${channel}`, channel, staffId: notification.staffId, robotId: null }))
    : [];
  const robots = robotsFor(policy, notification).map((robot) => ({
    deliveryKey: `${notification.decisionKey}:robot:${robot.id}`,
    channel: robot.channel,
    staffId: null,
    robotId: robot.id,
  }));
  return [...personal, ...robots];
};

export const optOutKey = (kind: NotificationKind, channel: NotificationChannel): string => `${kind}:${channel}`;
