import { CATEGORIES, COMPLAINANT_TYPES, type FieldError } from '@mallcare/contracts';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import type { GroupPolicy, HandlingDepartmentRule, MallPolicy, OwningDepartmentRule, RoutingTables } from './group-policy';
import { DEFAULT_GROUP_TARGETS } from './group-targets';
import { validateNotificationPolicy } from './notification-policy';

/**
 * What a policy must hold beyond each field's own shape: rules across fields and parts, each named, each
 * saying by field what breaks it. The first two sit on a field (a request is checked by them too); the
 * rest read the whole document (validateGroupPolicy), so a change is checked by them on the policy it
 * would leave.
 */

/** duration-amount-fits-unit: a whole number of at least 1, or 0 for `end-of-day` (the same day). */
export const AmountFitsUnit = (): PropertyDecorator =>
  ValidateBy({
    name: 'durationAmountFitsUnit',
    validator: {
      validate: (amount: unknown, { object }: ValidationArguments) =>
        typeof amount === 'number' && Number.isInteger(amount) && (amount >= 1 || (amount === 0 && (object as { unit?: unknown }).unit === 'end-of-day')),
      defaultMessage: () => 'must be a positive integer (0 allowed for end-of-day)',
    },
  });

/** shift-has-length: a shift must not start and end at the same time. */
export const ShiftHasLength = (): PropertyDecorator =>
  ValidateBy({
    name: 'shiftHasLength',
    validator: {
      validate: (to: unknown, { object }: ValidationArguments) => to !== (object as { from?: unknown }).from,
      defaultMessage: () => 'a shift must not start and end at the same time',
    },
  });

export interface PolicyRule {
  name: string;
  check: (policy: GroupPolicy) => FieldError[];
}

const listOf = <T>(value: T[] | undefined | null): T[] => (Array.isArray(value) ? value : []);
const problem = (field: string, message: string): FieldError => ({ field, messages: [message] });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each routing table of the document with where it is: the group's, and each mall's own. */
const tablesOf = (policy: GroupPolicy): { prefix: string; tables: Partial<RoutingTables> }[] => [
  { prefix: '', tables: policy },
  ...listOf(policy.malls).map((mall, i) => ({ prefix: `malls.${i}.routing.`, tables: (isObject(mall) && mall.routing) || {} })),
];

/** The items of a list counted once: a later one with an id seen before is named. */
const namedTwice = <T>(items: T[], idOf: (item: T) => unknown, field: (i: number) => string, message: (id: string) => string): FieldError[] => {
  const seen = new Set<unknown>();
  return items.flatMap((item, i) => {
    const id = idOf(item);
    if (id === undefined) return [];
    const twice = seen.has(id);
    seen.add(id);
    return twice ? [problem(field(i), message(String(id)))] : [];
  });
};

const departmentsOf = (mall: MallPolicy): Set<string> => new Set(listOf(mall.departments).map((department) => department?.id));
const malls = (policy: GroupPolicy): [MallPolicy, number][] => listOf(policy.malls).flatMap((mall, i): [MallPolicy, number][] => (isObject(mall) ? [[mall, i]] : []));

/** Every value of `all` has a rule in each table of `key` (the group's, and a mall's own where it has one). */
const covering = <K extends keyof RoutingTables>(name: string, key: K, all: readonly string[], covers: (rule: RoutingTables[K][number], value: string) => boolean, what: string): PolicyRule => ({
  name,
  check: (policy) =>
    tablesOf(policy).flatMap(({ prefix, tables }) => {
      const rules = tables[key];
      if (!Array.isArray(rules)) return [];
      const missing = all.filter((value) => !rules.some((rule) => isObject(rule) && covers(rule, value)));
      return missing.length > 0 ? [problem(`${prefix}${key}`, `no ${what} for ${missing.join(', ')}`)] : [];
    }),
});

const owningCovers = covering('owning-rules-cover-every-complainant-type', 'owningDepartmentByComplainantType', COMPLAINANT_TYPES, (rule, type) => rule.complainantType === type, 'owning department');
const handlingCovers = covering(
  'handling-rules-cover-every-category',
  'handlingDepartmentRules',
  CATEGORIES,
  (rule, category) => Array.isArray(rule.categories) && (rule.categories.includes(category as never) || rule.categories.includes('*')),
  'handling department',
);

const handlingIdsOnce: PolicyRule = {
  name: 'handling-rule-ids-once',
  check: (policy) =>
    tablesOf(policy).flatMap(({ prefix, tables }) =>
      namedTwice(listOf(tables.handlingDepartmentRules), (rule) => rule?.id, (i) => `${prefix}handlingDepartmentRules.${i}.id`, (id) => `rule id ${id} is used twice`),
    ),
};

const mallsOnce: PolicyRule = {
  name: 'malls-listed-once',
  check: (policy) => namedTwice(listOf(policy.malls), (mall) => mall?.id, (i) => `malls.${i}.id`, (id) => `mall ${id} is listed twice`),
};

const departmentsOnce: PolicyRule = {
  name: 'departments-listed-once',
  check: (policy) =>
    malls(policy).flatMap(([mall, m]) =>
      namedTwice(listOf(mall.departments), (department) => department?.id, (d) => `malls.${m}.departments.${d}.id`, (id) => `department ${id} is listed twice`),
    ),
};

const staffOnce: PolicyRule = {
  name: 'staff-ids-once',
  check: (policy) => namedTwice(listOf(policy.staff), (member) => member?.id, (i) => `staff.${i}.id`, (id) => `staff id ${id} is used twice`),
};

/** A department's manager and roster are the department's own staff at that mall. */
const staffedByOwn: PolicyRule = {
  name: 'departments-staffed-by-their-own',
  check: (policy) =>
    malls(policy).flatMap(([mall, m]) =>
      listOf(mall.departments).flatMap((department, d) => {
        if (!isObject(department)) return [];
        const field = `malls.${m}.departments.${d}`;
        const belongs = (staffId: unknown) =>
          listOf(policy.staff).some((member) => member?.id === staffId && member.mallId === mall.id && member.departmentId === department.id);
        const notOwn = (staffId: unknown) => `${String(staffId)} is not staff of ${department.id} at ${mall.id}`;
        return [
          ...(department.managerStaffId !== null && !belongs(department.managerStaffId) ? [problem(`${field}.managerStaffId`, notOwn(department.managerStaffId))] : []),
          ...listOf(department.roster).flatMap((shift, s) => (belongs(shift?.staffId) ? [] : [problem(`${field}.roster.${s}.staffId`, notOwn(shift?.staffId))])),
        ];
      }),
    ),
};

/** A mall's own rules name departments it has, and so do the group's where the mall follows them. */
const routesToOwnDepartments: PolicyRule = {
  name: 'routing-names-the-mall-departments',
  check: (policy) =>
    malls(policy).flatMap(([mall, m]) => {
      const departments = departmentsOf(mall);
      const own = (key: keyof RoutingTables) =>
        listOf<OwningDepartmentRule | HandlingDepartmentRule>(mall.routing?.[key]).flatMap((rule, i) =>
          departments.has(rule?.departmentId) ? [] : [problem(`malls.${m}.routing.${key}.${i}.departmentId`, `department ${String(rule?.departmentId)} does not exist`)],
        );
      const group = (key: keyof RoutingTables, what: string) =>
        mall.routing?.[key]
          ? []
          : listOf<OwningDepartmentRule | HandlingDepartmentRule>(policy[key]).flatMap((rule) =>
              !rule || departments.has(rule.departmentId) ? [] : [problem(`malls.${m}.departments`, `the group's ${what} ${rule.id} needs department ${rule.departmentId}`)],
            );
      return [...own('owningDepartmentByComplainantType'), ...own('handlingDepartmentRules'), ...group('owningDepartmentByComplainantType', 'owning rule'), ...group('handlingDepartmentRules', 'routing rule')];
    }),
};

/** A member's mall exists, and their department is one of that mall's (HQ staff have none). */
const staffPlaced: PolicyRule = {
  name: 'staff-at-existing-malls-and-departments',
  check: (policy) => {
    const mallIds = new Set(listOf(policy.malls).map((mall) => mall?.id));
    return listOf(policy.staff).flatMap((member, i) => {
      if (!isObject(member)) return [];
      const mall = listOf(policy.malls).find((candidate) => candidate?.id === member.mallId);
      return [
        ...(member.mallId !== null && !mallIds.has(member.mallId) ? [problem(`staff.${i}.mallId`, `mall ${String(member.mallId)} does not exist`)] : []),
        ...(member.departmentId !== null && (member.mallId === null || !mall || !departmentsOf(mall).has(member.departmentId))
          ? [problem(`staff.${i}.departmentId`, `department ${String(member.departmentId)} does not exist at ${String(member.mallId ?? 'HQ')}`)]
          : []),
      ];
    });
  },
};

/** The top of the escalation ladder (DOMAIN §7): a vacant rung passes to the one above, so the top must be held. */
const hqHeld: PolicyRule = {
  name: 'hq-operations-held',
  check: (policy) =>
    !Array.isArray(policy.staff) || policy.staff.some((member) => isObject(member) && member.active === true && member.mallId === null && member.roles?.includes('hq-operations'))
      ? []
      : [problem('staff', 'must keep at least one active hq-operations member: group HQ is the top of the escalation ladder')],
};

/** A mall's own dates: each listed once, none both a closure and an extra working day. */
const calendarDatesOnce: PolicyRule = {
  name: 'calendar-dates-once',
  check: (policy) =>
    malls(policy).flatMap(([mall, m]) => {
      const seen = new Map<string, string>();
      return (['closures', 'extraWorkingDates'] as const).flatMap((list) =>
        listOf(mall.calendar?.[list]).flatMap((entry, i) => {
          const date = entry?.date;
          if (typeof date !== 'string') return [];
          const earlier = seen.get(date);
          seen.set(date, list);
          const field = `malls.${m}.calendar.${list}.${i}.date`;
          if (earlier === list) return [problem(field, `${date} is listed twice`)];
          return earlier ? [problem(field, `${date} cannot be both a closure and an extra working day`)] : [];
        }),
      );
    }),
};

const notificationsHold: PolicyRule = {
  name: 'notifications-hold-together',
  check: (policy) =>
    policy.notifications === undefined
      ? []
      : validateNotificationPolicy(policy.notifications, {
          mallIds: listOf(policy.malls).map((mall) => mall?.id),
          departmentsOf: (mallId) => listOf(listOf(policy.malls).find((mall) => mall?.id === mallId)?.departments).map((department) => department?.id),
        }),
};

const stretchAboveClosure: PolicyRule = {
  name: 'stretch-target-not-below-closure-target',
  check: (policy) => {
    if (!isObject(policy.targets)) return [];
    const { closureRate, closureRateStretch } = { ...DEFAULT_GROUP_TARGETS, ...policy.targets };
    // A share out of range is refused as such; the two are compared only when both are shares.
    const isShare = (value: unknown): value is number => typeof value === 'number' && value > 0 && value <= 1;
    return isShare(closureRate) && isShare(closureRateStretch) && closureRateStretch < closureRate
      ? [problem('targets.closureRateStretch', 'must not be below closureRate')]
      : [];
  },
};

/** The document's rules, in the order their problems are reported. */
export const POLICY_RULES: readonly PolicyRule[] = [
  mallsOnce,
  departmentsOnce,
  staffOnce,
  handlingIdsOnce,
  routesToOwnDepartments,
  owningCovers,
  handlingCovers,
  staffedByOwn,
  staffPlaced,
  hqHeld,
  calendarDatesOnce,
  notificationsHold,
  stretchAboveClosure,
];
