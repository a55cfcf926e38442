import type { Coverage } from '@mallcare/calendar';
import type { ComplaintEventType, NotifiedPersonV1 } from '@mallcare/contracts';
import {
  addPolicyDurationOnCalendar,
  durationInMinutes,
  findDepartment,
  policyCalendarFor,
  type CaseFlag,
  type ClockCondition,
  type ClockNotice,
  type ClockPolicy,
  type EscalationRung,
  type GroupPolicy,
  type PolicyDuration,
} from '@mallcare/policy';
import type { SlaCaseFacts } from './clock-facts';

export const DEFAULT_LADDER: EscalationRung[] = ['department-manager', 'director', 'mall-gm', 'group-hq'];
export const DEFAULT_ESCALATION_INTERVAL: PolicyDuration = { amount: 4, unit: 'hours' };

/** A collective case's first event stands for its registration: clocks started by registration start on it too. */
export const startsOnEvent = (clock: ClockPolicy, eventType: ComplaintEventType): boolean =>
  clock.startsOn === eventType ||
  (clock.alsoStartsOn ?? []).includes(eventType) ||
  (clock.startsOn === 'ComplaintRegistered' && eventType === 'CollectiveComplaintRaised');

/** Met by its events, or by a conditional one when the case's facts (after that event) hold. */
export const metByEvent = (clock: Pick<ClockPolicy, 'metOn' | 'alsoMetOn' | 'alsoMetOnWhen'>, eventType: ComplaintEventType, facts: SlaCaseFacts): boolean =>
  clock.metOn === eventType || (clock.alsoMetOn ?? []).includes(eventType) || (clock.alsoMetOnWhen ?? []).some((rule) => rule.on === eventType && conditionHolds(rule.when, facts));

/** Every event type that may meet the clock in the case as it is now. */
export const meetingEventTypes = (clock: Pick<ClockPolicy, 'metOn' | 'alsoMetOn' | 'alsoMetOnWhen'>, facts: SlaCaseFacts): ComplaintEventType[] => [
  clock.metOn,
  ...(clock.alsoMetOn ?? []),
  ...(clock.alsoMetOnWhen ?? []).filter((rule) => conditionHolds(rule.when, facts)).map((rule) => rule.on),
];

const within = <T>(allowed: readonly T[] | undefined, value: T | null | undefined): boolean =>
  allowed === undefined || (value !== null && value !== undefined && allowed.includes(value));

const flagOf = (facts: SlaCaseFacts, flag: CaseFlag): boolean => facts[flag] === true;

/** Whether a clock or notice applies to the case; without a condition, every case but an inquiry answered at the desk. */
export const conditionHolds = (condition: (ClockCondition & { collective?: boolean }) | undefined, facts: SlaCaseFacts): boolean => {
  if (condition === undefined) return facts.kind !== 'inquiry';
  return (
    within(condition.kinds, facts.kind) &&
    within(condition.categories, facts.category) &&
    within(condition.complainantTypes, facts.complainantType) &&
    within(condition.responsibilities, facts.responsibility) &&
    within(condition.severities, facts.severity) &&
    within(condition.validities, facts.validity) &&
    (condition.facts ?? []).every((flag) => flagOf(facts, flag)) &&
    (condition.notFacts ?? []).every((flag) => !flagOf(facts, flag)) &&
    (condition.collective === undefined || condition.collective === facts.collective)
  );
};

export const noticeApplies = (notice: ClockNotice, eventType: ComplaintEventType, facts: SlaCaseFacts): boolean =>
  notice.on.includes(eventType) && conditionHolds(notice.when ?? {}, facts);

/** Registration clocks count from receivedAt (DOMAIN §6 "received"), others from their start event, unless the policy says. */
export const startInstant = (clock: ClockPolicy, eventAt: Date, facts: SlaCaseFacts): Date => {
  const countFrom = clock.countFrom ?? (clock.startsOn === 'ComplaintRegistered' ? 'received' : 'start-event');
  return countFrom === 'received' && facts.receivedAt ? new Date(facts.receivedAt) : eventAt;
};

export interface Deadline {
  dueAt: Date;
  warnAt: Date[];
  targetMinutes: number;
  coverage: Coverage;
  byCustomerDeadline: boolean;
}

/** The deadline on the mall's calendar, moved by time paused, or the customer's own deadline if sooner. */
export const deadlineOf = (clock: ClockPolicy, startedAt: Date, facts: SlaCaseFacts, policy: GroupPolicy, pausedMs = 0): Deadline => {
  const { dueAt: byPolicy, coverage } = addPolicyDurationOnCalendar(startedAt, clock.target, policyCalendarFor(policy, facts.mallId));
  const span = byPolicy.getTime() - startedAt.getTime();
  const requested = clock.customerDeadline && facts.requestedDeadline ? Date.parse(facts.requestedDeadline) : Number.NaN;
  const byCustomerDeadline = Number.isFinite(requested) && requested < byPolicy.getTime() + pausedMs;
  const dueAt = new Date(byCustomerDeadline ? requested : byPolicy.getTime() + pausedMs);
  const warnSpan = byCustomerDeadline ? Math.max(0, requested - startedAt.getTime()) : span;
  const warnAt = (clock.warnAtPercent ?? [])
    .filter((percent) => percent > 0 && percent < 100)
    .sort((a, b) => a - b)
    .map((percent) => new Date(startedAt.getTime() + Math.round((warnSpan * percent) / 100) + (byCustomerDeadline ? 0 : pausedMs)));
  return { dueAt, warnAt, targetMinutes: durationInMinutes(startedAt, dueAt), coverage, byCustomerDeadline };
};

export const ladderOf = (clock: ClockPolicy | undefined, policy: GroupPolicy): EscalationRung[] => clock?.ladder ?? policy.escalation?.ladder ?? DEFAULT_LADDER;

/** When step k (0 = the breach itself) of the ladder is due: k intervals after the deadline. */
export const escalationDueAt = (clock: ClockPolicy | undefined, policy: GroupPolicy, mallId: string, dueAt: Date, step: number): Date => {
  const every = clock?.escalateEvery ?? policy.escalation?.every ?? DEFAULT_ESCALATION_INTERVAL;
  let at = dueAt;
  for (let k = 0; k < step; k++) at = addPolicyDurationOnCalendar(at, every, policyCalendarFor(policy, mallId)).dueAt;
  return at;
};

const staffWithRole = (policy: GroupPolicy, mallId: string | null, role: 'director' | 'mall-gm' | 'hq-operations'): string[] =>
  policy.staff.filter((member) => member.active && member.mallId === mallId && member.roles.includes(role)).map((member) => member.id);

const managerOf = (policy: GroupPolicy, mallId: string, departmentId: string | null): string[] => {
  const manager = departmentId ? findDepartment(policy, mallId, departmentId)?.managerStaffId : null;
  return manager ? [manager] : [];
};

/** Who holds a rung for the case now; a rung nobody holds is still recorded, with staffId null. */
export const recipientsOf = (policy: GroupPolicy, facts: SlaCaseFacts, rung: EscalationRung): NotifiedPersonV1[] => {
  const department = facts.handlingDepartmentId ?? facts.owningDepartmentId;
  const people = (() => {
    switch (rung) {
      case 'handler':
        return facts.handlerStaffId ? [facts.handlerStaffId] : managerOf(policy, facts.mallId, department);
      case 'department-manager':
        return managerOf(policy, facts.mallId, department);
      case 'director':
        return staffWithRole(policy, facts.mallId, 'director');
      case 'mall-gm':
        return staffWithRole(policy, facts.mallId, 'mall-gm');
      case 'group-hq':
        return staffWithRole(policy, null, 'hq-operations');
      case 'marketing':
        return managerOf(policy, facts.mallId, 'marketing');
      default: {
        const unknownRung: never = rung;
        throw new Error(`unknown rung ${String(unknownRung)}`);
      }
    }
  })();
  const departmentId = rung === 'handler' || rung === 'department-manager' ? (department ?? undefined) : rung === 'marketing' ? 'marketing' : undefined;
  const withDepartment = departmentId ? { departmentId } : {};
  return people.length > 0 ? people.map((staffId) => ({ rung, staffId, ...withDepartment })) : [{ rung, staffId: null, ...withDepartment }];
};
