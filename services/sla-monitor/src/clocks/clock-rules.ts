import type { Coverage } from '@mallcare/calendar';
import type { ComplaintEventType, EscalationRecipientV2, VacantRungV2 } from '@mallcare/contracts';
import {
  addPolicyDurationOnCalendar,
  durationInMinutes,
  escalationOf,
  findDepartment,
  findStaffMember,
  policyCalendarFor,
  routingTablesFor,
  type CaseFlag,
  type ClockCondition,
  type ClockNotice,
  type ClockPolicy,
  type EscalationRung,
  type GroupPolicy,
} from '@mallcare/policy';
import type { SlaCaseFacts } from './clock-facts';

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

/**
 * Registration clocks count from receivedAt (DOMAIN §6 "received"), others from their start event, unless
 * the policy says. A collective case was "received" when it was raised: its members were forwarded as
 * cases of their own, so the collective's clocks do not inherit the first member's receipt.
 */
export const startInstant = (clock: ClockPolicy, eventAt: Date, facts: SlaCaseFacts): Date => {
  const countFrom = clock.countFrom ?? (clock.startsOn === 'ComplaintRegistered' ? 'received' : 'start-event');
  const received = facts.raisedAt ?? facts.receivedAt;
  return countFrom === 'received' && received ? new Date(received) : eventAt;
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

export const ladderOf = (clock: ClockPolicy | undefined, policy: GroupPolicy): EscalationRung[] => clock?.ladder ?? escalationOf(policy).ladder;

/** When step k (0 = the breach itself) of the ladder is due: k intervals after the deadline. */
export const escalationDueAt = (clock: ClockPolicy | undefined, policy: GroupPolicy, mallId: string, dueAt: Date, step: number): Date => {
  const every = clock?.escalateEvery ?? escalationOf(policy).every;
  let at = dueAt;
  for (let k = 0; k < step; k++) at = addPolicyDurationOnCalendar(at, every, policyCalendarFor(policy, mallId)).dueAt;
  return at;
};

const staffWithRole = (policy: GroupPolicy, mallId: string | null, role: 'director' | 'mall-gm' | 'hq-operations'): string[] =>
  policy.staff.filter((member) => member.active && member.mallId === mallId && member.roles.includes(role)).map((member) => member.id);

const isActive = (policy: GroupPolicy, staffId: string | null | undefined): staffId is string => !!staffId && findStaffMember(policy, staffId)?.active === true;

/**
 * The department answerable for the case now: the handling department once routing said so, else the
 * department that owns the complainant's type at the mall (DOMAIN §2), so a clock that breaches before
 * routing is seen still reaches a department; null when not even the complainant type is known.
 */
export const answerableDepartmentOf = (policy: GroupPolicy, facts: SlaCaseFacts): string | null => {
  if (facts.handlingDepartmentId) return facts.handlingDepartmentId;
  if (facts.owningDepartmentId) return facts.owningDepartmentId;
  if (!facts.complainantType) return null;
  return routingTablesFor(policy, facts.mallId).owningDepartmentByComplainantType.find((rule) => rule.complainantType === facts.complainantType)?.departmentId ?? null;
};

/** The rung above each when nobody holds it (DOMAIN §7); marketing's is the GM, who leads crisis PR. */
const RUNG_ABOVE: Record<EscalationRung, EscalationRung | null> = {
  handler: 'department-manager',
  'department-manager': 'director',
  director: 'mall-gm',
  'mall-gm': 'group-hq',
  'group-hq': null,
  marketing: 'mall-gm',
};

interface RungHolders {
  staffIds: string[];
  departmentId?: string;
  vacantBecause: string;
}

const holdersOf = (policy: GroupPolicy, facts: SlaCaseFacts, rung: EscalationRung): RungHolders => {
  const managerOf = (departmentId: string | null, what: string): RungHolders => {
    if (!departmentId) return { staffIds: [], vacantBecause: `the case's department is not known yet (no routing, no complainant type)` };
    const department = findDepartment(policy, facts.mallId, departmentId);
    if (!department) return { staffIds: [], departmentId, vacantBecause: `mall ${facts.mallId} has no ${departmentId} department` };
    const manager = department.managerStaffId;
    if (!isActive(policy, manager)) return { staffIds: [], departmentId, vacantBecause: manager ? `${what} ${manager} is not active` : `${departmentId} at ${facts.mallId} has no ${what}` };
    return { staffIds: [manager], departmentId, vacantBecause: '' };
  };
  const withRole = (mallId: string | null, role: 'director' | 'mall-gm' | 'hq-operations', where: string): RungHolders => {
    const staffIds = staffWithRole(policy, mallId, role);
    return { staffIds, vacantBecause: `no active ${role} ${where}` };
  };
  const department = answerableDepartmentOf(policy, facts);
  switch (rung) {
    case 'handler':
      return isActive(policy, facts.handlerStaffId)
        ? { staffIds: [facts.handlerStaffId], ...(department ? { departmentId: department } : {}), vacantBecause: '' }
        : { staffIds: [], ...(department ? { departmentId: department } : {}), vacantBecause: facts.handlerStaffId ? `handler ${facts.handlerStaffId} is not active` : 'nobody is assigned the case yet' };
    case 'department-manager':
      return managerOf(department, 'department manager');
    case 'director':
      return withRole(facts.mallId, 'director', `at ${facts.mallId}`);
    case 'mall-gm':
      return withRole(facts.mallId, 'mall-gm', `at ${facts.mallId}`);
    case 'group-hq':
      return withRole(null, 'hq-operations', 'at group HQ');
    case 'marketing':
      return managerOf('marketing', 'marketing manager');
    default: {
      const unknownRung: never = rung;
      throw new Error(`unknown rung ${String(unknownRung)}`);
    }
  }
};

export interface RungRecipients {
  /** The rung told: the one named, or the first one above it that someone holds. */
  rung: EscalationRung;
  notified: EscalationRecipientV2[];
  vacancies: VacantRungV2[];
}

/** Raised when even the top of the ladder is vacant: the policy's validation keeps group HQ held, so this is a broken policy. */
export class NobodyToTell extends Error {
  constructor(rung: EscalationRung, vacancies: VacantRungV2[]) {
    super(`nobody holds ${rung} or any rung above it: ${vacancies.map((vacancy) => `${vacancy.rung}: ${vacancy.reason}`).join('; ')}`);
    this.name = 'NobodyToTell';
  }
}

/**
 * Who is told for a rung (DOMAIN §7: every escalation names who was told): its holders for the case,
 * or, when nobody holds it, the next rung up, each rung passed over recorded with why.
 */
export const recipientsOf = (policy: GroupPolicy, facts: SlaCaseFacts, named: EscalationRung): RungRecipients => {
  const vacancies: VacantRungV2[] = [];
  for (let rung: EscalationRung | null = named; rung !== null; rung = RUNG_ABOVE[rung]) {
    const holders = holdersOf(policy, facts, rung);
    const departmentId = holders.departmentId ? { departmentId: holders.departmentId } : {};
    if (holders.staffIds.length > 0) return { rung, notified: holders.staffIds.map((staffId) => ({ rung: rung as EscalationRung, staffId, ...departmentId })), vacancies };
    vacancies.push({ rung, ...departmentId, reason: holders.vacantBecause });
  }
  throw new NobodyToTell(named, vacancies);
};
