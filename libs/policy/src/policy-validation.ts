import {
  CATEGORIES,
  CHANNELS,
  COMPLAINANT_TYPES,
  COMPLAINT_KINDS,
  EVENT_TYPES,
  RESPONSIBILITIES,
  ROLES,
  SEVERITIES,
  VALIDITIES,
  type FieldError,
} from '@mallcare/contracts';
import { parseIsoDate } from '@mallcare/calendar';
import { validateGroupTargets } from './group-targets';
import { validateNotificationPolicy } from './notification-policy';
import { CASE_FLAGS, ESCALATION_RUNGS, WEEKDAYS, type ClockCondition, type ClockPolicy, type GroupPolicy, type MallPolicy, type PolicyDuration, type RoutingTables } from './group-policy';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MALL_ID = /^[A-Z0-9]{2,8}$/;
const UNITS = ['minutes', 'hours', 'days', 'working-days', 'end-of-day'];

type Problems = Map<string, string[]>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const isIsoDate = (text: string): boolean => {
  try {
    parseIsoDate(text);
    return true;
  } catch {
    return false;
  }
};
const isPositiveInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

export const isValidTimeZone = (timeZone: unknown): boolean => {
  if (!isText(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
};

const add = (problems: Problems, field: string, message: string): void => {
  problems.set(field, [...(problems.get(field) ?? []), message]);
};

const checkDuration = (problems: Problems, field: string, duration: PolicyDuration | undefined): void => {
  // `end-of-day` counts days after the start's day, so 0 (the same day) is a target too.
  const amountFits = isObject(duration) && (isPositiveInt(duration.amount) || (duration.unit === 'end-of-day' && duration.amount === 0));
  if (!isObject(duration) || !amountFits || !UNITS.includes(duration.unit)) {
    add(problems, field, `must be { amount: positive integer (0 allowed for end-of-day), unit: ${UNITS.join('|')} }`);
  }
};

const isListOf = (allowed: readonly string[], value: unknown): boolean => Array.isArray(value) && value.every((item) => allowed.includes(item as string));

const checkCondition = (problems: Problems, field: string, condition: ClockCondition | undefined): void => {
  if (condition === undefined) return;
  if (!isObject(condition)) {
    add(problems, field, 'must be an object');
    return;
  }
  const lists: [keyof ClockCondition, readonly string[]][] = [
    ['kinds', COMPLAINT_KINDS],
    ['categories', CATEGORIES],
    ['complainantTypes', COMPLAINANT_TYPES],
    ['responsibilities', RESPONSIBILITIES],
    ['severities', SEVERITIES],
    ['validities', VALIDITIES],
    ['facts', CASE_FLAGS],
    ['notFacts', CASE_FLAGS],
  ];
  for (const [key, allowed] of lists) {
    if (condition[key] !== undefined && !isListOf(allowed, condition[key])) add(problems, `${field}.${key}`, `must list values of ${allowed.join(', ')}`);
  }
};

const isRungList = (value: unknown): boolean =>
  Array.isArray(value) && value.length > 0 && value.every((rung) => (ESCALATION_RUNGS as readonly string[]).includes(rung as string));

/** The optional parts of a clock (DOMAIN §6/§7): what also meets it, warnings, its own ladder. */
const checkClockExtras = (problems: Problems, field: string, clock: ClockPolicy | undefined): void => {
  if (!isObject(clock)) return;
  if (clock.alsoMetOn !== undefined && (!Array.isArray(clock.alsoMetOn) || clock.alsoMetOn.some((type) => !(EVENT_TYPES as readonly string[]).includes(type)))) {
    add(problems, `${field}.alsoMetOn`, 'must list event types of the catalogue');
  }
  if (clock.warnAtPercent !== undefined && (!Array.isArray(clock.warnAtPercent) || clock.warnAtPercent.some((percent) => !isPositiveInt(percent) || percent >= 100))) {
    add(problems, `${field}.warnAtPercent`, 'must list whole percentages from 1 to 99');
  }
  if (clock.restartsOn !== undefined && (!Array.isArray(clock.restartsOn) || clock.restartsOn.some((type) => !(EVENT_TYPES as readonly string[]).includes(type)))) {
    add(problems, `${field}.restartsOn`, 'must list event types of the catalogue');
  }
  if (clock.alsoStartsOn !== undefined && !isListOf(EVENT_TYPES, clock.alsoStartsOn)) add(problems, `${field}.alsoStartsOn`, 'must list event types of the catalogue');
  if (clock.alsoMetOnWhen !== undefined) {
    if (!Array.isArray(clock.alsoMetOnWhen)) add(problems, `${field}.alsoMetOnWhen`, 'must be a list');
    else
      clock.alsoMetOnWhen.forEach((rule, i) => {
        if (!(EVENT_TYPES as readonly string[]).includes(rule?.on)) add(problems, `${field}.alsoMetOnWhen.${i}.on`, 'must be an event type of the catalogue');
        if (!isObject(rule?.when)) add(problems, `${field}.alsoMetOnWhen.${i}.when`, 'must be a condition');
        else checkCondition(problems, `${field}.alsoMetOnWhen.${i}.when`, rule.when);
      });
  }
  checkCondition(problems, `${field}.when`, clock.when);
  if (clock.ladder !== undefined && !isRungList(clock.ladder)) add(problems, `${field}.ladder`, `must list rungs of ${ESCALATION_RUNGS.join('|')}`);
  if (clock.escalateEvery !== undefined) checkDuration(problems, `${field}.escalateEvery`, clock.escalateEvery);
  if (clock.onDue !== undefined && clock.onDue !== 'breach' && clock.onDue !== 'upgrade-to-major') add(problems, `${field}.onDue`, 'must be breach or upgrade-to-major');
  if (clock.countFrom !== undefined && clock.countFrom !== 'received' && clock.countFrom !== 'start-event') add(problems, `${field}.countFrom`, 'must be received or start-event');
};

const checkRouting = (problems: Problems, prefix: string, tables: Partial<RoutingTables>, departments: Set<string> | null): void => {
  const { owningDepartmentByComplainantType: owning, handlingDepartmentRules: handling } = tables;
  if (owning !== undefined) {
    if (!Array.isArray(owning)) add(problems, `${prefix}owningDepartmentByComplainantType`, 'must be a list');
    else {
      owning.forEach((rule, i) => {
        const field = `${prefix}owningDepartmentByComplainantType.${i}`;
        if (!isObject(rule) || !isText(rule.id)) add(problems, `${field}.id`, 'must be a non-empty id');
        if (!(COMPLAINANT_TYPES as readonly string[]).includes(rule?.complainantType)) add(problems, `${field}.complainantType`, `must be one of ${COMPLAINANT_TYPES.join(', ')}`);
        if (departments && !departments.has(rule?.departmentId)) add(problems, `${field}.departmentId`, `department ${String(rule?.departmentId)} does not exist`);
      });
      const missing = COMPLAINANT_TYPES.filter((type) => !owning.some((rule) => rule?.complainantType === type));
      if (missing.length > 0) add(problems, `${prefix}owningDepartmentByComplainantType`, `no owning department for ${missing.join(', ')}`);
    }
  }
  if (handling !== undefined) {
    if (!Array.isArray(handling)) add(problems, `${prefix}handlingDepartmentRules`, 'must be a list');
    else {
      const ids = new Set<string>();
      handling.forEach((rule, i) => {
        const field = `${prefix}handlingDepartmentRules.${i}`;
        if (!isObject(rule) || !isText(rule.id)) add(problems, `${field}.id`, 'must be a non-empty id');
        else if (ids.has(rule.id)) add(problems, `${field}.id`, `rule id ${rule.id} is used twice`);
        else ids.add(rule.id);
        const categories: unknown = rule?.categories;
        if (!Array.isArray(categories) || categories.length === 0 || !categories.every((c) => c === '*' || (CATEGORIES as readonly string[]).includes(c))) {
          add(problems, `${field}.categories`, `must be a non-empty list of ${CATEGORIES.join(', ')} or *`);
        }
        if (departments && !departments.has(rule?.departmentId)) add(problems, `${field}.departmentId`, `department ${String(rule?.departmentId)} does not exist`);
      });
      const unrouted = CATEGORIES.filter((category) => !handling.some((rule) => rule?.categories?.includes(category) || rule?.categories?.includes('*')));
      if (unrouted.length > 0) add(problems, `${prefix}handlingDepartmentRules`, `no handling department for ${unrouted.join(', ')}`);
    }
  }
};

const checkSettings = (problems: Problems, prefix: string, settings: Partial<Pick<GroupPolicy, 'severity' | 'collective' | 'repeat' | 'callback'>>): void => {
  const { severity, collective, repeat, callback } = settings;
  if (severity !== undefined) {
    if (!isObject(severity)) add(problems, `${prefix}severity`, 'must be an object');
    else {
      if (!(SEVERITIES as readonly string[]).includes(severity.collective)) add(problems, `${prefix}severity.collective`, `must be one of ${SEVERITIES.join(', ')}`);
      if (!isPositiveInt(severity.repeatCountForMajor) || severity.repeatCountForMajor < 2) add(problems, `${prefix}severity.repeatCountForMajor`, 'must be an integer of at least 2');
      if (!Array.isArray(severity.channels)) add(problems, `${prefix}severity.channels`, 'must be a list');
      else
        severity.channels.forEach((rule, i) => {
          if (!(CHANNELS as readonly string[]).includes(rule?.channel)) add(problems, `${prefix}severity.channels.${i}.channel`, `must be one of ${CHANNELS.join(', ')}`);
          if (!(SEVERITIES as readonly string[]).includes(rule?.severity)) add(problems, `${prefix}severity.channels.${i}.severity`, `must be one of ${SEVERITIES.join(', ')}`);
        });
      if (!isObject(severity.unresolvedUpgrade)) add(problems, `${prefix}severity.unresolvedUpgrade`, 'must be an object');
      else {
        checkDuration(problems, `${prefix}severity.unresolvedUpgrade.after`, severity.unresolvedUpgrade.after);
        if (!(SEVERITIES as readonly string[]).includes(severity.unresolvedUpgrade.to)) add(problems, `${prefix}severity.unresolvedUpgrade.to`, `must be one of ${SEVERITIES.join(', ')}`);
      }
    }
  }
  if (collective !== undefined) {
    if (!isObject(collective)) add(problems, `${prefix}collective`, 'must be an object');
    else {
      if (!isPositiveInt(collective.windowMinutes) || collective.windowMinutes > 7 * 24 * 60) add(problems, `${prefix}collective.windowMinutes`, 'must be an integer from 1 to 10080 (a week)');
      if (!isPositiveInt(collective.minDistinctTenants) || collective.minDistinctTenants < 2) add(problems, `${prefix}collective.minDistinctTenants`, 'must be an integer of at least 2');
    }
  }
  if (repeat !== undefined && (!isObject(repeat) || !isPositiveInt(repeat.lookbackDays) || repeat.lookbackDays > 3660)) {
    add(problems, `${prefix}repeat.lookbackDays`, 'must be an integer from 1 to 3660');
  }
  if (callback !== undefined) {
    checkDuration(problems, `${prefix}callback.within`, callback?.within);
    if (callback?.grumblingWithin !== undefined) checkDuration(problems, `${prefix}callback.grumblingWithin`, callback.grumblingWithin);
    if (callback?.maxFailedAttempts !== undefined && !isPositiveInt(callback.maxFailedAttempts)) add(problems, `${prefix}callback.maxFailedAttempts`, 'must be a positive integer');
  }
};

/** A mall's own dates: real days, each listed once, none both a closure and an extra working day. */
const checkCalendar = (problems: Problems, prefix: string, calendar: NonNullable<MallPolicy['calendar']>): void => {
  const seen = new Map<string, string>();
  for (const list of ['closures', 'extraWorkingDates'] as const) {
    const dates: unknown = calendar[list];
    if (dates === undefined) continue;
    if (!Array.isArray(dates)) {
      add(problems, `${prefix}${list}`, 'must be a list');
      continue;
    }
    dates.forEach((entry: { date?: unknown; reason?: unknown } | null, i) => {
      const field = `${prefix}${list}.${i}`;
      const date = String(entry?.date);
      if (!isIsoDate(date)) return add(problems, `${field}.date`, 'must be a calendar date YYYY-MM-DD');
      const earlier = seen.get(date);
      if (earlier === list) add(problems, `${field}.date`, `${date} is listed twice`);
      else if (earlier) add(problems, `${field}.date`, `${date} cannot be both a closure and an extra working day`);
      seen.set(date, list);
      if (entry?.reason !== undefined && (typeof entry.reason !== 'string' || entry.reason.length > 200)) add(problems, `${field}.reason`, 'must be text of at most 200 characters');
    });
  }
};

const checkMall = (problems: Problems, policy: GroupPolicy, mall: MallPolicy, i: number): void => {
  const prefix = `malls.${i}.`;
  if (!MALL_ID.test(String(mall.id))) add(problems, `${prefix}id`, 'must be a mall code of 2–8 capital letters or digits');
  for (const key of ['name', 'nameEn', 'city'] as const) if (!isText(mall[key])) add(problems, `${prefix}${key}`, 'must not be empty');
  if (!isValidTimeZone(mall.timeZone)) add(problems, `${prefix}timeZone`, 'must be an IANA time zone such as Asia/Shanghai');
  if (!Array.isArray(mall.enabledChannels) || mall.enabledChannels.length === 0 || !mall.enabledChannels.every((c) => (CHANNELS as readonly string[]).includes(c))) {
    add(problems, `${prefix}enabledChannels`, `must be a non-empty list of ${CHANNELS.join(', ')}`);
  }
  if (!Array.isArray(mall.departments)) {
    add(problems, `${prefix}departments`, 'must be a list');
    return;
  }
  const departments = new Set<string>();
  mall.departments.forEach((department, d) => {
    const field = `${prefix}departments.${d}`;
    if (!isObject(department) || !ID.test(String(department.id))) {
      add(problems, `${field}.id`, 'must be lower-case letters, digits or dashes');
      return;
    }
    if (departments.has(department.id)) add(problems, `${field}.id`, `department ${department.id} is listed twice`);
    departments.add(department.id);
    if (!isText(department.name) || !isText(department.nameEn)) add(problems, `${field}.name`, 'name and nameEn must not be empty');
    const belongs = (staffId: unknown): boolean => {
      const member = policy.staff.find((candidate) => candidate.id === staffId);
      return member !== undefined && member.mallId === mall.id && member.departmentId === department.id;
    };
    if (department.managerStaffId !== null && !belongs(department.managerStaffId)) {
      add(problems, `${field}.managerStaffId`, `${String(department.managerStaffId)} is not staff of ${department.id} at ${mall.id}`);
    }
    if (!Array.isArray(department.roster)) add(problems, `${field}.roster`, 'must be a list');
    else
      department.roster.forEach((shift, s) => {
        const shiftField = `${field}.roster.${s}`;
        if (!belongs(shift?.staffId)) add(problems, `${shiftField}.staffId`, `${String(shift?.staffId)} is not staff of ${department.id} at ${mall.id}`);
        if (!Array.isArray(shift?.days) || shift.days.length === 0 || !shift.days.every((day) => (WEEKDAYS as readonly string[]).includes(day))) {
          add(problems, `${shiftField}.days`, `must be a non-empty list of ${WEEKDAYS.join(', ')}`);
        }
        if (!HHMM.test(String(shift?.from))) add(problems, `${shiftField}.from`, 'must be a time HH:mm');
        if (!HHMM.test(String(shift?.to))) add(problems, `${shiftField}.to`, 'must be a time HH:mm');
        if (shift?.from === shift?.to) add(problems, `${shiftField}.to`, 'a shift must not start and end at the same time');
      });
  });
  const tables = routingTablesWithDefaults(policy, mall);
  checkRouting(problems, `${prefix}routing.`, mall.routing ?? {}, departments);
  // The group's tables must also point at departments this mall has, where the mall does not override them.
  if (!mall.routing?.owningDepartmentByComplainantType) {
    for (const rule of tables.owningDepartmentByComplainantType) {
      if (!departments.has(rule.departmentId)) add(problems, `${prefix}departments`, `the group's owning rule ${rule.id} needs department ${rule.departmentId}`);
    }
  }
  if (!mall.routing?.handlingDepartmentRules) {
    for (const rule of tables.handlingDepartmentRules) {
      if (!departments.has(rule.departmentId)) add(problems, `${prefix}departments`, `the group's routing rule ${rule.id} needs department ${rule.departmentId}`);
    }
  }
  if (mall.calendar !== undefined) checkCalendar(problems, `${prefix}calendar.`, mall.calendar);
  if (mall.settings !== undefined) {
    if (!isObject(mall.settings)) add(problems, `${prefix}settings`, 'must be an object');
    else checkSettings(problems, `${prefix}settings.`, mall.settings);
  }
};

const routingTablesWithDefaults = (policy: GroupPolicy, mall: MallPolicy): RoutingTables => ({
  owningDepartmentByComplainantType: mall.routing?.owningDepartmentByComplainantType ?? policy.owningDepartmentByComplainantType ?? [],
  handlingDepartmentRules: mall.routing?.handlingDepartmentRules ?? policy.handlingDepartmentRules ?? [],
});

/**
 * Everything that makes a policy unusable, by field: shapes, unknown words, and references between
 * its parts (rosters name the department's own staff, rules name departments the mall has, every
 * category and complainant type is routed). An empty list means the policy can be put in force.
 */
export const validateGroupPolicy = (policy: GroupPolicy): FieldError[] => {
  const problems: Problems = new Map();
  if (!isObject(policy)) return [{ field: 'policy', messages: ['must be an object'] }];
  if (!isText(policy.version)) add(problems, 'version', 'must not be empty');
  if (!isPositiveInt(policy.revision)) add(problems, 'revision', 'must be a positive integer');
  if (!isText(policy.effectiveFrom) || Number.isNaN(Date.parse(policy.effectiveFrom))) add(problems, 'effectiveFrom', 'must be an ISO instant');
  if (!isObject(policy.group) || !isText(policy.group.id) || !isText(policy.group.name)) add(problems, 'group', 'must name the group (id, name, nameEn)');
  if (!isValidTimeZone(policy.timeZone)) add(problems, 'timeZone', 'must be an IANA time zone');
  checkRouting(problems, '', { owningDepartmentByComplainantType: policy.owningDepartmentByComplainantType ?? [], handlingDepartmentRules: policy.handlingDepartmentRules ?? [] }, null);
  checkSettings(problems, '', { severity: policy.severity, collective: policy.collective, repeat: policy.repeat, callback: policy.callback });
  if (!Array.isArray(policy.clocks)) add(problems, 'clocks', 'must be a list');
  else
    policy.clocks.forEach((clock, i) => {
      if (!isText(clock?.kind)) add(problems, `clocks.${i}.kind`, 'must not be empty');
      if (!(EVENT_TYPES as readonly string[]).includes(clock?.startsOn)) add(problems, `clocks.${i}.startsOn`, 'must be an event type of the catalogue');
      if (!(EVENT_TYPES as readonly string[]).includes(clock?.metOn)) add(problems, `clocks.${i}.metOn`, 'must be an event type of the catalogue');
      checkDuration(problems, `clocks.${i}.target`, clock?.target);
      checkClockExtras(problems, `clocks.${i}`, clock);
    });
  if (policy.clockNotices !== undefined) {
    if (!Array.isArray(policy.clockNotices)) add(problems, 'clockNotices', 'must be a list');
    else
      policy.clockNotices.forEach((notice, i) => {
        if (!isText(notice?.kind)) add(problems, `clockNotices.${i}.kind`, 'must not be empty');
        if (!Array.isArray(notice?.on) || notice.on.length === 0 || notice.on.some((type) => !(EVENT_TYPES as readonly string[]).includes(type))) {
          add(problems, `clockNotices.${i}.on`, 'must list event types of the catalogue');
        }
        if (!isRungList(notice?.tell)) add(problems, `clockNotices.${i}.tell`, `must list rungs of ${ESCALATION_RUNGS.join('|')}`);
      });
  }
  if (policy.escalation !== undefined) {
    if (!isRungList(policy.escalation?.ladder)) add(problems, 'escalation.ladder', `must list rungs of ${ESCALATION_RUNGS.join('|')}`);
    checkDuration(problems, 'escalation.every', policy.escalation?.every);
  }
  if (!Array.isArray(policy.staff) || !Array.isArray(policy.malls)) {
    add(problems, Array.isArray(policy.staff) ? 'malls' : 'staff', 'must be a list');
    return [...problems].map(([field, messages]) => ({ field, messages }));
  }
  const mallIds = new Set<string>();
  policy.malls.forEach((mall, i) => {
    if (mallIds.has(mall?.id)) add(problems, `malls.${i}.id`, `mall ${mall.id} is listed twice`);
    mallIds.add(mall?.id);
  });
  const staffIds = new Set<string>();
  policy.staff.forEach((member, i) => {
    const field = `staff.${i}`;
    if (!isObject(member) || !ID.test(String(member.id))) {
      add(problems, `${field}.id`, 'must be lower-case letters, digits or dashes');
      return;
    }
    if (staffIds.has(member.id)) add(problems, `${field}.id`, `staff id ${member.id} is used twice`);
    staffIds.add(member.id);
    if (!isText(member.name)) add(problems, `${field}.name`, 'must not be empty');
    if (!Array.isArray(member.roles) || member.roles.length === 0 || !member.roles.every((role) => (ROLES as readonly string[]).includes(role))) {
      add(problems, `${field}.roles`, `must be a non-empty list of ${ROLES.join(', ')}`);
    }
    if (typeof member.active !== 'boolean') add(problems, `${field}.active`, 'must be true or false');
    if (member.mallId !== null && !mallIds.has(member.mallId)) add(problems, `${field}.mallId`, `mall ${String(member.mallId)} does not exist`);
    if (member.departmentId !== null) {
      const mall = policy.malls.find((candidate) => candidate.id === member.mallId);
      if (member.mallId === null || !mall?.departments?.some((department) => department.id === member.departmentId)) {
        add(problems, `${field}.departmentId`, `department ${member.departmentId} does not exist at ${String(member.mallId ?? 'HQ')}`);
      }
    }
  });
  // The top of the escalation ladder (DOMAIN §7): a vacant rung passes to the one above, so the top must be held.
  if (!policy.staff.some((member) => isObject(member) && member.active === true && member.mallId === null && member.roles?.includes('hq-operations'))) {
    add(problems, 'staff', 'must keep at least one active hq-operations member: group HQ is the top of the escalation ladder');
  }
  policy.malls.forEach((mall, i) => {
    if (!isObject(mall)) add(problems, `malls.${i}`, 'must be an object');
    else checkMall(problems, policy, mall, i);
  });
  if (policy.notifications !== undefined) {
    const organisation = {
      mallIds: policy.malls.map((mall) => mall?.id),
      departmentsOf: (mallId: string) => policy.malls.find((mall) => mall?.id === mallId)?.departments?.map((department) => department.id) ?? [],
    };
    for (const problem of validateNotificationPolicy(policy.notifications, organisation)) for (const message of problem.messages) add(problems, problem.field, message);
  }
  if (policy.targets !== undefined) for (const problem of validateGroupTargets(policy.targets)) for (const message of problem.messages) add(problems, problem.field, message);
  return [...problems].map(([field, messages]) => ({ field, messages }));
};
