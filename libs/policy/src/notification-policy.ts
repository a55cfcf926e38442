import type { FieldError } from '@mallcare/contracts';
import { ESCALATION_RUNGS, type EscalationRung } from './policy-vocabulary';

/**
 * What a person is told about (DOMAIN §6–§8): a nearing deadline, a rung of the ladder, the immediate
 * notices of a major/critical, collective or media-risk case, and the owning department's callback
 * events (one due, a customer not satisfied).
 */
export const NOTIFICATION_KINDS = ['warning', 'escalation', 'major-notice', 'collective', 'media-risk', 'callback-due', 'dissatisfied'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The procedures require these to reach the GM and HQ whatever anyone prefers: nobody may opt out of them. */
export const MANDATORY_NOTIFICATION_KINDS: readonly NotificationKind[] = ['major-notice', 'collective'];

export const NOTIFICATION_CHANNELS = ['inbox', 'email', 'sms', 'wecom', 'dingtalk'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Channels that reach one person (at the contact details kept for them); the others post to a group robot. */
export const PERSONAL_CHANNELS: readonly NotificationChannel[] = ['inbox', 'email', 'sms'];
export const ROBOT_CHANNELS = ['wecom', 'dingtalk'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];

/** For these kinds (and rungs, if named) use these channels; the channels of every matching rule add up. */
export interface NotificationRule {
  kinds: NotificationKind[];
  /** Absent: every rung. */
  rungs?: EscalationRung[];
  channels: NotificationChannel[];
}

/**
 * A group robot (WeCom or DingTalk) of a mall, or of one department of it; `mallId` null is an HQ robot
 * that hears every mall. Its webhook address and signing secret are settings (NOTIFY_ROBOTS), not
 * policy: the policy travels in events, the secrets must not.
 */
export interface NotificationRobot {
  id: string;
  channel: RobotChannel;
  mallId: string | null;
  departmentId?: string;
  /** Absent: every kind its channel is chosen for. */
  kinds?: NotificationKind[];
}

export interface NotificationDeliveryPolicy {
  /** Tries per message and channel before it is marked failed. */
  maxAttempts: number;
  /** Wait after the first failed try, multiplied by `backoffFactor` after each further one, at most `maxBackoffSeconds`. */
  initialBackoffSeconds: number;
  backoffFactor: number;
  maxBackoffSeconds: number;
  /** How long a worker's claim on a message lasts; a claim not finished by then (a crashed worker) is taken over. */
  leaseSeconds: number;
  /** How long one try may take before it counts as failed. */
  timeoutSeconds: number;
}

export interface NotificationPolicy {
  rules: NotificationRule[];
  /** Kinds a person may switch off for themselves, on e-mail and SMS (never the mandatory kinds). */
  optOutAllowed: NotificationKind[];
  robots: NotificationRobot[];
  delivery: NotificationDeliveryPolicy;
}

export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = {
  rules: [
    { kinds: ['warning'], channels: ['inbox', 'email'] },
    { kinds: ['escalation'], channels: ['inbox', 'email'] },
    { kinds: ['escalation'], rungs: ['director', 'mall-gm', 'group-hq'], channels: ['sms', 'wecom', 'dingtalk'] },
    { kinds: ['major-notice', 'collective'], channels: ['inbox', 'email', 'sms', 'wecom', 'dingtalk'] },
    { kinds: ['media-risk'], channels: ['inbox', 'email', 'sms'] },
    { kinds: ['callback-due'], channels: ['inbox', 'wecom', 'dingtalk'] },
    { kinds: ['dissatisfied'], channels: ['inbox', 'email', 'wecom', 'dingtalk'] },
  ],
  optOutAllowed: ['warning', 'callback-due'],
  robots: [],
  delivery: { maxAttempts: 6, initialBackoffSeconds: 30, backoffFactor: 2, maxBackoffSeconds: 3600, leaseSeconds: 120, timeoutSeconds: 10 },
};

/** The group's notification rules, or the defaults when the policy names none. */
export const notificationPolicyOf = (policy: { notifications?: NotificationPolicy }): NotificationPolicy => policy.notifications ?? DEFAULT_NOTIFICATION_POLICY;

/** The channels a kind of message to a rung goes on. */
export const channelsFor = (policy: NotificationPolicy, kind: NotificationKind, rung: EscalationRung): NotificationChannel[] => {
  const channels = new Set<NotificationChannel>();
  for (const rule of policy.rules) {
    if (rule.kinds.includes(kind) && (rule.rungs === undefined || rule.rungs.includes(rung))) rule.channels.forEach((channel) => channels.add(channel));
  }
  return NOTIFICATION_CHANNELS.filter((channel) => channels.has(channel));
};

/** The robots that hear a message about a case of this mall (and department, if the robot is a department's). */
export const robotsFor = (
  policy: NotificationPolicy,
  target: { kind: NotificationKind; rung: EscalationRung; mallId: string; departmentId: string | null },
): NotificationRobot[] => {
  const channels = channelsFor(policy, target.kind, target.rung);
  return policy.robots.filter(
    (robot) =>
      channels.includes(robot.channel) &&
      (robot.mallId === null || robot.mallId === target.mallId) &&
      (robot.departmentId === undefined || robot.departmentId === target.departmentId) &&
      (robot.kinds === undefined || robot.kinds.includes(target.kind)),
  );
};

export const mayOptOut = (policy: NotificationPolicy, kind: NotificationKind): boolean =>
  !MANDATORY_NOTIFICATION_KINDS.includes(kind) && policy.optOutAllowed.includes(kind);

/** The wait before try `attempt + 1` after `attempt` failed tries (1-based): initial × factor^(attempt−1), capped. */
export const backoffSeconds = (delivery: NotificationDeliveryPolicy, attempt: number): number =>
  Math.min(delivery.maxBackoffSeconds, delivery.initialBackoffSeconds * delivery.backoffFactor ** Math.max(0, attempt - 1));

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isListOf = (allowed: readonly string[], value: unknown, nonEmpty = true): boolean =>
  Array.isArray(value) && (!nonEmpty || value.length > 0) && value.every((item) => allowed.includes(item as string));
const isPositive = (value: unknown, integer: boolean): boolean => typeof value === 'number' && value > 0 && Number.isFinite(value) && (!integer || Number.isInteger(value));
const ROBOT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** What makes a notification policy unusable, by field (under `notifications.`). */
export const validateNotificationPolicy = (
  notifications: unknown,
  organisation: { mallIds: readonly string[]; departmentsOf: (mallId: string) => readonly string[] },
): FieldError[] => {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.push({ field: `notifications.${field}`, messages: [message] });
  if (!isObject(notifications)) return [{ field: 'notifications', messages: ['must be an object'] }];
  const policy = notifications as Partial<NotificationPolicy>;
  if (!Array.isArray(policy.rules)) add('rules', 'must be a list');
  else
    policy.rules.forEach((rule, i) => {
      if (!isListOf(NOTIFICATION_KINDS, rule?.kinds)) add(`rules.${i}.kinds`, `must list kinds of ${NOTIFICATION_KINDS.join('|')}`);
      if (rule?.rungs !== undefined && !isListOf(ESCALATION_RUNGS, rule.rungs)) add(`rules.${i}.rungs`, `must list rungs of ${ESCALATION_RUNGS.join('|')}`);
      if (!isListOf(NOTIFICATION_CHANNELS, rule?.channels)) add(`rules.${i}.channels`, `must list channels of ${NOTIFICATION_CHANNELS.join('|')}`);
    });
  if (!isListOf(NOTIFICATION_KINDS, policy.optOutAllowed, false)) add('optOutAllowed', `must list kinds of ${NOTIFICATION_KINDS.join('|')}`);
  else {
    const mandatory = policy.optOutAllowed?.filter((kind) => MANDATORY_NOTIFICATION_KINDS.includes(kind)) ?? [];
    if (mandatory.length > 0) add('optOutAllowed', `nobody may opt out of ${mandatory.join(', ')} (major/critical and collective cases must reach the GM and HQ)`);
  }
  if (!Array.isArray(policy.robots)) add('robots', 'must be a list');
  else {
    const ids = new Set<string>();
    policy.robots.forEach((robot, i) => {
      if (!ROBOT_ID.test(String(robot?.id))) add(`robots.${i}.id`, 'must be lower-case letters, digits or dashes');
      else if (ids.has(robot.id)) add(`robots.${i}.id`, `robot ${robot.id} is listed twice`);
      ids.add(robot?.id);
      if (!(ROBOT_CHANNELS as readonly string[]).includes(robot?.channel)) add(`robots.${i}.channel`, `must be ${ROBOT_CHANNELS.join('|')}`);
      if (robot?.mallId !== null && !organisation.mallIds.includes(robot?.mallId)) add(`robots.${i}.mallId`, `mall ${String(robot?.mallId)} does not exist (null: every mall)`);
      if (robot?.departmentId !== undefined && (robot.mallId === null || !organisation.departmentsOf(robot.mallId).includes(robot.departmentId))) {
        add(`robots.${i}.departmentId`, `department ${String(robot.departmentId)} does not exist at ${String(robot.mallId ?? 'HQ')}`);
      }
      if (robot?.kinds !== undefined && !isListOf(NOTIFICATION_KINDS, robot.kinds)) add(`robots.${i}.kinds`, `must list kinds of ${NOTIFICATION_KINDS.join('|')}`);
    });
  }
  const delivery = policy.delivery;
  if (!isObject(delivery)) add('delivery', 'must be an object');
  else {
    const checks: [keyof NotificationDeliveryPolicy, boolean][] = [
      ['maxAttempts', true],
      ['initialBackoffSeconds', false],
      ['maxBackoffSeconds', false],
      ['leaseSeconds', false],
      ['timeoutSeconds', false],
    ];
    for (const [field, integer] of checks) if (!isPositive(delivery[field], integer)) add(`delivery.${field}`, `must be a positive ${integer ? 'integer' : 'number'}`);
    if (typeof delivery.backoffFactor !== 'number' || !(delivery.backoffFactor >= 1)) add('delivery.backoffFactor', 'must be a number of at least 1');
    if (isPositive(delivery.leaseSeconds, false) && isPositive(delivery.timeoutSeconds, false) && delivery.leaseSeconds <= delivery.timeoutSeconds) {
      add('delivery.leaseSeconds', 'must be longer than timeoutSeconds, so a try in progress is never taken over');
    }
  }
  return problems;
};
