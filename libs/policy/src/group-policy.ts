import {
  CATEGORIES,
  CHANNELS,
  COMPLAINANT_TYPES,
  COMPLAINT_KINDS,
  EVENT_TYPES,
  flattenValidationErrors,
  RESPONSIBILITIES,
  ROLES,
  SEVERITIES,
  VALIDITIES,
  type Category,
  type Channel,
  type ComplainantType,
  type ComplaintEventType,
  type ComplaintKind,
  type FieldError,
  type Responsibility,
  type Role,
  type Severity,
  type Validity,
} from '@mallcare/contracts';
import { plainToInstance } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, Max, validateSync } from 'class-validator';
import type { NotificationPolicy } from './notification-policy';
import { GroupTargets } from './group-targets';
import { AmountFitsUnit, POLICY_RULES, ShiftHasLength } from './policy-rules';
import { CalendarDate, Count, Counts, Flag, Id, Ids, ListOf, MallCode, Nested, OneOf, Text, TimeOfDay, TimeZone } from './policy-schema.decorators';
import {
  CASE_FLAGS,
  CLOCK_COUNT_FROM,
  CLOCK_ON_DUE,
  DURATION_UNITS,
  ESCALATION_RUNGS,
  WEEKDAYS,
  type CaseFlag,
  type DurationUnit,
  type EscalationRung,
  type Weekday,
} from './policy-vocabulary';
import sampleGroup from './sample-group.json';

/**
 * The group policy document (DOMAIN §1–§7) as classes: each part's fields with the checks they pass, one
 * description for the stored policy (validateGroupPolicy) and for the admin API's requests (their DTOs
 * are picked from these classes). What spans several parts is in policy-rules.ts.
 */

export class PolicyDuration {
  /** `end-of-day` counts calendar days after the start's day, so 0 (the same day) is a target too. */
  @AmountFitsUnit()
  @Max(100_000)
  amount!: number;

  @OneOf(DURATION_UNITS)
  unit!: DurationUnit;
}

/** An optional list of the values, empty allowed (a condition's or a clock's further events). */
const AnyOf = (values: readonly string[], description?: string) => ListOf(values, { optional: true, min: 0, description });

/** Only cases with these facts get the clock. */
export class ClockCondition {
  @AnyOf(COMPLAINT_KINDS)
  kinds?: ComplaintKind[];

  @AnyOf(CATEGORIES)
  categories?: Category[];

  @AnyOf(COMPLAINANT_TYPES)
  complainantTypes?: ComplainantType[];

  @AnyOf(RESPONSIBILITIES)
  responsibilities?: Responsibility[];

  @AnyOf(SEVERITIES)
  severities?: Severity[];

  @AnyOf(VALIDITIES)
  validities?: Validity[];

  /** Every flag listed must be true: `businessAffected` as the desk stated it, `grumbling` after a dissatisfied callback. */
  @AnyOf(CASE_FLAGS, 'Every flag listed must be true')
  facts?: CaseFlag[];

  @AnyOf(CASE_FLAGS, 'Every flag listed must be false (or unknown)')
  notFacts?: CaseFlag[];
}

/** An event that meets the clock only when the case's facts then hold (verified invalid: no responsibility left to identify). */
export class ConditionalMeet {
  @OneOf(EVENT_TYPES)
  on!: ComplaintEventType;

  @Nested(() => ClockCondition)
  when!: ClockCondition;
}

export class ClockPolicy {
  @Text(64)
  kind!: string;

  /** Why the clock reads the procedures as it does (which rule, what meets it). */
  @Text(2000, { optional: true })
  description?: string;

  @OneOf(EVENT_TYPES)
  startsOn!: ComplaintEventType;

  /** Further events that start it too, when `when` holds then (a case becomes major by a person or by a system rule). */
  @AnyOf(EVENT_TYPES)
  alsoStartsOn?: ComplaintEventType[];

  @OneOf(EVENT_TYPES)
  metOn!: ComplaintEventType;

  @Nested(() => PolicyDuration, { description: 'How long the clock runs' })
  target!: PolicyDuration;

  /** Further events that also meet it (a reply clock: a progress note, a proposal or the resolution). */
  @AnyOf(EVENT_TYPES)
  alsoMetOn?: ComplaintEventType[];

  @Nested(() => ConditionalMeet, { optional: true, each: true })
  alsoMetOnWhen?: ConditionalMeet[];

  /** Absent = every case but an inquiry. */
  @Nested(() => ClockCondition, { optional: true, description: 'Only cases with these facts get the clock; absent: every case but an inquiry' })
  when?: ClockCondition;

  @OneOf(CLOCK_COUNT_FROM, { optional: true })
  countFrom?: (typeof CLOCK_COUNT_FROM)[number];

  /** The customer's requested deadline replaces the target when it is sooner (DOMAIN §6, resolve). */
  @Flag({ optional: true })
  customerDeadline?: boolean;

  /** Warn the holder when this share of the target has passed, e.g. [75]. */
  @Counts(1, 99, { optional: true, maxItems: 5, description: 'Percentages of the target at which the holder is warned (1–99)' })
  warnAtPercent?: number[];

  /** Who is told at breach, then one rung more per `escalateEvery` while it stays breached. */
  @ListOf(ESCALATION_RUNGS, { optional: true })
  ladder?: EscalationRung[];

  @Nested(() => PolicyDuration, { optional: true, nullable: true, description: 'How often the next rung is told while it stays unmet; null in a change: the group default' })
  escalateEvery?: PolicyDuration;

  @OneOf(CLOCK_ON_DUE, { optional: true })
  onDue?: (typeof CLOCK_ON_DUE)[number];

  /** False: waiting for the customer does not stop it. */
  @Flag({ optional: true })
  pausable?: boolean;

  /** Events that start a new instance, counted from that event, once the previous one is closed (a reopened case, a second resolution). */
  @AnyOf(EVENT_TYPES)
  restartsOn?: ComplaintEventType[];
}

/** Told at once when a case becomes major/critical or collective, or is marked a media risk (DOMAIN §6). */
export class NoticeCondition extends ClockCondition {
  @Flag({ optional: true })
  collective?: boolean;
}

export class ClockNotice {
  @Text(64)
  kind!: string;

  @ListOf(EVENT_TYPES)
  on!: ComplaintEventType[];

  @Nested(() => NoticeCondition, { optional: true })
  when?: NoticeCondition;

  @ListOf(ESCALATION_RUNGS)
  tell!: EscalationRung[];
}

export class EscalationPolicy {
  @ListOf(ESCALATION_RUNGS)
  ladder!: EscalationRung[];

  @Nested(() => PolicyDuration)
  every!: PolicyDuration;
}

export class OwningDepartmentRule {
  @Id()
  id!: string;

  @OneOf(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  @Id()
  departmentId!: string;
}

export const HANDLING_CATEGORIES = [...CATEGORIES, '*'] as const;

export class HandlingDepartmentRule {
  @Id()
  id!: string;

  /** Categories this rule matches, or `*` for any. */
  @ListOf(HANDLING_CATEGORIES, { description: 'Categories this rule matches, or * for any' })
  categories!: (Category | '*')[];

  @Id()
  departmentId!: string;
}

const OwningRules = (optional: boolean) =>
  Nested(() => OwningDepartmentRule, { each: true, max: 50, optional, description: 'Complainant type → owning department (DOMAIN §2)' });
const HandlingRules = (optional: boolean) =>
  Nested(() => HandlingDepartmentRule, { each: true, max: 100, optional, description: 'Category → handling department, evaluated in order (DOMAIN §5)' });

/** DOMAIN §2 and §5 as tables; a mall may replace either table with its own. */
export class RoutingTables {
  @OwningRules(false)
  owningDepartmentByComplainantType!: OwningDepartmentRule[];

  @HandlingRules(false)
  handlingDepartmentRules!: HandlingDepartmentRule[];
}

/** A mall's own tables: a table left out follows the group's. */
export class MallRoutingTables {
  @OwningRules(true)
  owningDepartmentByComplainantType?: OwningDepartmentRule[];

  @HandlingRules(true)
  handlingDepartmentRules?: HandlingDepartmentRule[];
}

/**
 * One duty shift of a department's roster, in the mall's local time. `to` at or before `from`
 * runs past midnight (16:00–00:00, 22:00–08:00); the day is the day the shift starts.
 */
export class DutyShift {
  @Id()
  staffId!: string;

  @ListOf(WEEKDAYS, { unique: true })
  days!: Weekday[];

  @TimeOfDay({ description: 'Local time of the mall' })
  from!: string;

  @TimeOfDay({ description: 'At or before `from`: the shift runs past midnight' })
  @ShiftHasLength()
  to!: string;
}

/** A part of the organisation with a code and its Chinese and English names. */
export class NamedPart {
  @Id()
  id!: string;

  @Text(100)
  name!: string;

  @Text(100)
  nameEn!: string;
}

export class MallDepartment extends NamedPart {
  /** Takes the case when nobody on the roster is on duty; null leaves the department without a fallback. */
  @Id({ optional: true, nullable: true, description: 'Takes cases when nobody on the roster is on duty' })
  managerStaffId!: string | null;

  @Nested(() => DutyShift, { each: true, max: 200 })
  roster!: DutyShift[];
}

export class ChannelSeverity {
  @OneOf(CHANNELS)
  channel!: Channel;

  @OneOf(SEVERITIES)
  severity!: Severity;
}

export class UnresolvedUpgrade {
  @Nested(() => PolicyDuration)
  after!: PolicyDuration;

  @OneOf(SEVERITIES)
  to!: Severity;
}

/** DOMAIN §4: severity the system can decide itself (people decide the rest, with a reason). */
export class SeverityPolicy {
  @OneOf(SEVERITIES)
  collective!: Severity;

  /** Raised this many times in all (the first registration counts) → major. */
  @Count(2, 100, { description: 'Raised this many times in all → major' })
  repeatCountForMajor!: number;

  @Nested(() => ChannelSeverity, { each: true, max: CHANNELS.length })
  channels!: ChannelSeverity[];

  @Nested(() => UnresolvedUpgrade)
  unresolvedUpgrade!: UnresolvedUpgrade;
}

export class CollectivePolicy {
  @Count(1, 10_080)
  windowMinutes!: number;

  @Count(2, 1_000)
  minDistinctTenants!: number;
}

export class RepeatPolicy {
  /** How far back an open case of the same complainant is looked for. */
  @Count(1, 3_660)
  lookbackDays!: number;
}

/** DOMAIN §6, §8: when a resolved case's callback is due, and when it ends as unreachable. */
export class CallbackPolicy {
  @Nested(() => PolicyDuration, { description: 'Callback due after resolution (DOMAIN §6: 2 working days)' })
  within!: PolicyDuration;

  /** A customer already not satisfied at an earlier callback of the case is contacted sooner (3 h by default). */
  @Nested(() => PolicyDuration, { optional: true, description: 'A customer already dissatisfied at a callback is called back sooner (000 §4.8: 3 hours)' })
  grumblingWithin?: PolicyDuration;

  /** Failed attempts after which the callback ends as unreachable. */
  @Count(1, 20, { optional: true, description: 'Failed attempts after which the callback ends as unreachable' })
  maxFailedAttempts?: number;
}

/** What a mall sets differently from the group; anything left out (in a change: null) follows the group. */
export class MallSettings {
  @Nested(() => SeverityPolicy, { optional: true, nullable: true })
  severity?: SeverityPolicy;

  @Nested(() => CollectivePolicy, { optional: true, nullable: true })
  collective?: CollectivePolicy;

  @Nested(() => RepeatPolicy, { optional: true, nullable: true })
  repeat?: RepeatPolicy;

  @Nested(() => CallbackPolicy, { optional: true, nullable: true })
  callback?: CallbackPolicy;
}

export class MallDate {
  @CalendarDate({ description: 'A date of the mall’s calendar (YYYY-MM-DD)' })
  date!: string;

  @Text(200, { optional: true, description: 'What staff see on the day' })
  reason?: string;
}

/** The mall's own closures and extra working days on top of the national schedule (working-day clocks). */
export class MallCalendar {
  @Nested(() => MallDate, { each: true, max: 366, optional: true, description: 'Dates the mall is shut: no working day, so working-day clocks move past them' })
  closures?: MallDate[];

  @Nested(() => MallDate, { each: true, max: 366, optional: true, description: 'Dates the mall works though the national schedule rests' })
  extraWorkingDates?: MallDate[];
}

export class MallPolicy {
  @MallCode()
  id!: string;

  @Text(100)
  name!: string;

  @Text(100)
  nameEn!: string;

  @Text(50)
  city!: string;

  @TimeZone()
  timeZone!: string;

  @ListOf(CHANNELS, { unique: true })
  enabledChannels!: Channel[];

  @Nested(() => MallDepartment, { each: true, min: 1, max: 50 })
  departments!: MallDepartment[];

  @Nested(() => MallRoutingTables, { optional: true })
  routing?: MallRoutingTables;

  @Nested(() => MallSettings, { optional: true })
  settings?: MallSettings;

  @Nested(() => MallCalendar, { optional: true })
  calendar?: MallCalendar;
}

export class StaffMember {
  @Id()
  id!: string;

  @Text(100)
  name!: string;

  @ListOf(ROLES, { unique: true })
  roles!: Role[];

  @MallCode({ optional: true, nullable: true, description: 'null: HQ staff (every mall)' })
  mallId!: string | null;

  @Id({ optional: true, nullable: true })
  departmentId!: string | null;

  @Flag()
  active!: boolean;
}

export class PolicyGroup extends NamedPart {}

/**
 * The group's organisation and operating rules as data (DOMAIN §1–§6), seeded from
 * sample-group.json and changed only by GroupPolicyChanged events. `version` goes into the events each
 * rule decides, so the log shows which policy applied; `revision` orders the versions.
 */
export class GroupPolicy extends RoutingTables {
  @Text(100)
  version!: string;

  @Count(1, Number.MAX_SAFE_INTEGER)
  revision!: number;

  /** From when this version applies (ISO instant). */
  @IsISO8601({ strict: true }, { message: 'must be an ISO instant' })
  effectiveFrom!: string;

  @Nested(() => PolicyGroup)
  group!: PolicyGroup;

  @TimeZone()
  timeZone!: string;

  /** The departments a new mall starts with. */
  @Ids()
  departments!: string[];

  @Nested(() => SeverityPolicy)
  severity!: SeverityPolicy;

  @Nested(() => CollectivePolicy)
  collective!: CollectivePolicy;

  @Nested(() => RepeatPolicy)
  repeat!: RepeatPolicy;

  @Nested(() => ClockPolicy, { each: true })
  clocks!: ClockPolicy[];

  /** Who is told at once on a major/collective case or a media risk; absent = nobody automatically. */
  @Nested(() => ClockNotice, { each: true, optional: true })
  clockNotices?: ClockNotice[];

  /** Default ladder and interval for clocks that name none. */
  @Nested(() => EscalationPolicy, { optional: true })
  escalation?: EscalationPolicy;

  @Nested(() => CallbackPolicy)
  callback!: CallbackPolicy;

  /** Who hears what on which channel, the group robots, and how hard delivery tries; absent = DEFAULT_NOTIFICATION_POLICY. */
  @IsOptional({ context: { description: 'Who hears what on which channel, the group robots, and how hard delivery tries' } })
  @IsObject()
  notifications?: NotificationPolicy;

  /** The group-wide targets analytics checks (docs/domain.md §6); absent = DEFAULT_GROUP_TARGETS. */
  @Nested(() => GroupTargets, { optional: true })
  targets?: GroupTargets;

  @Nested(() => MallPolicy, { each: true })
  malls!: MallPolicy[];

  @Nested(() => StaffMember, { each: true })
  staff!: StaffMember[];
}

/** The fields of a policy document where one is refused, one entry a field. */
const byField = (errors: FieldError[]): FieldError[] => {
  const fields = new Map<string, string[]>();
  for (const { field, messages } of errors) fields.set(field, [...(fields.get(field) ?? []), ...messages]);
  return [...fields].map(([field, messages]) => ({ field, messages }));
};

/**
 * Everything that makes a policy unusable, by field: its shape as the classes above describe it (the
 * admin API's requests are checked by the same classes), then the rules across its parts. An empty list
 * means the policy can be put in force.
 */
export const validateGroupPolicy = (policy: GroupPolicy): FieldError[] => {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return [{ field: 'policy', messages: ['must be an object'] }];
  const shape = flattenValidationErrors(validateSync(plainToInstance(GroupPolicy, policy), { whitelist: true, forbidNonWhitelisted: true }));
  return byField([...shape, ...POLICY_RULES.flatMap((rule) => rule.check(policy))]);
};

/** The escalation a policy without its own follows (docs/domain.md §7): manager → director → GM → HQ, every 4 hours. */
export const DEFAULT_ESCALATION: { ladder: EscalationRung[]; every: PolicyDuration } = {
  ladder: ['department-manager', 'director', 'mall-gm', 'group-hq'],
  every: { amount: 4, unit: 'hours' },
};

export const escalationOf = (policy: Pick<GroupPolicy, 'escalation'>): { ladder: EscalationRung[]; every: PolicyDuration } => policy.escalation ?? DEFAULT_ESCALATION;

export const SAMPLE_GROUP_POLICY: GroupPolicy = sampleGroup as GroupPolicy;

/** The seed every service starts from; kept under its old name for the thin-path code. */
export const DEFAULT_GROUP_POLICY: GroupPolicy = SAMPLE_GROUP_POLICY;

/** The version string a revision gets. */
export const policyVersionOf = (policy: Pick<GroupPolicy, 'group'>, revision: number): string => `${policy.group.id}-r${revision}`;
