import type { Category, Channel, ComplainantType, ComplaintEventType, ComplaintKind, Responsibility, Role, Severity, Validity } from '@mallcare/contracts';
import type { NotificationPolicy } from './notification-policy';
import type { GroupTargets } from './group-targets';
import sampleGroup from './sample-group.json';

/**
 * `end-of-day`: to 24:00 of the mall's local day `amount` calendar days after the start's day
 * (0 = the same day 当天, 1 = by the next day 次日内), whatever the time of the start.
 */
export type DurationUnit = 'minutes' | 'hours' | 'days' | 'working-days' | 'end-of-day';

export interface PolicyDuration {
  amount: number;
  unit: DurationUnit;
}

export interface ClockPolicy {
  kind: string;
  /** Why the clock reads the procedures as it does (which rule, what meets it). */
  description?: string;
  startsOn: ComplaintEventType;
  /** Further events that start it too, when `when` holds then (a case becomes major by a person or by a system rule). */
  alsoStartsOn?: ComplaintEventType[];
  metOn: ComplaintEventType;
  target: PolicyDuration;
  /** Further events that also meet it (a reply clock: a progress note, a proposal or the resolution). */
  alsoMetOn?: ComplaintEventType[];
  /** Events that meet it only when the case's facts then hold (verified invalid: no responsibility left to identify). */
  alsoMetOnWhen?: { on: ComplaintEventType; when: ClockCondition }[];
  /** Only cases with these facts get the clock; absent = every case but an inquiry. */
  when?: ClockCondition;
  /** `received`: counted from the case's receivedAt although started by a later event that made it apply. */
  countFrom?: 'start-event' | 'received';
  /** The customer's requested deadline replaces the target when it is sooner (DOMAIN §6, resolve). */
  customerDeadline?: boolean;
  /** Warn the holder when this share of the target has passed, e.g. [75]. */
  warnAtPercent?: number[];
  /** Who is told at breach, then one rung more per `escalateEvery` while it stays breached. */
  ladder?: EscalationRung[];
  escalateEvery?: PolicyDuration;
  /** What falls due: a breach (default), or the automatic upgrade of a responsible case to major (DOMAIN §4). */
  onDue?: 'breach' | 'upgrade-to-major';
  /** False: waiting for the customer does not stop it. */
  pausable?: boolean;
  /** Events that start a new instance, counted from that event, once the previous one is closed (a reopened case, a second resolution). */
  restartsOn?: ComplaintEventType[];
}

/** DOMAIN §7: handler → department manager → director → mall GM → group HQ; marketing for crisis PR. */
export const ESCALATION_RUNGS = ['handler', 'department-manager', 'director', 'mall-gm', 'group-hq', 'marketing'] as const;
export type EscalationRung = (typeof ESCALATION_RUNGS)[number];

/** Yes/no facts of a case a clock may require (`facts`) or exclude (`notFacts`). */
export const CASE_FLAGS = ['businessAffected', 'grumbling', 'collective', 'mediaRisk'] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];

export interface ClockCondition {
  kinds?: ComplaintKind[];
  categories?: Category[];
  complainantTypes?: ComplainantType[];
  responsibilities?: Responsibility[];
  severities?: Severity[];
  validities?: Validity[];
  /** Every flag listed must be true: `businessAffected` as the desk stated it, `grumbling` after a dissatisfied callback. */
  facts?: CaseFlag[];
  /** Every flag listed must be false (or unknown). */
  notFacts?: CaseFlag[];
}

/** Told at once when a case becomes major/critical or collective, or is marked a media risk (DOMAIN §6). */
export interface ClockNotice {
  kind: string;
  on: ComplaintEventType[];
  when?: ClockCondition & { collective?: boolean };
  tell: EscalationRung[];
}

export interface OwningDepartmentRule {
  id: string;
  complainantType: ComplainantType;
  departmentId: string;
}

export interface HandlingDepartmentRule {
  id: string;
  /** Categories this rule matches, or `*` for any. */
  categories: (Category | '*')[];
  departmentId: string;
}

/** DOMAIN §2 and §5 as tables; a mall may replace either table with its own. */
export interface RoutingTables {
  owningDepartmentByComplainantType: OwningDepartmentRule[];
  handlingDepartmentRules: HandlingDepartmentRule[];
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * One duty shift of a department's roster, in the mall's local time. `to` at or before `from`
 * runs past midnight (16:00–00:00, 22:00–08:00); the day is the day the shift starts.
 */
export interface DutyShift {
  staffId: string;
  days: Weekday[];
  from: string;
  to: string;
}

export interface MallDepartment {
  id: string;
  name: string;
  nameEn: string;
  /** Takes the case when nobody on the roster is on duty; null leaves the department without a fallback. */
  managerStaffId: string | null;
  roster: DutyShift[];
}

/** DOMAIN §4: severity the system can decide itself (people decide the rest, with a reason). */
export interface SeverityPolicy {
  collective: Severity;
  /** Raised this many times in all (the first registration counts) → major. */
  repeatCountForMajor: number;
  channels: { channel: Channel; severity: Severity }[];
  unresolvedUpgrade: { after: PolicyDuration; to: Severity };
}

export interface CollectivePolicy {
  windowMinutes: number;
  minDistinctTenants: number;
}

export interface RepeatPolicy {
  /** How far back an open case of the same complainant is looked for. */
  lookbackDays: number;
}

/** What a mall sets differently from the group; anything left out follows the group. */
export interface MallSettings {
  severity?: SeverityPolicy;
  collective?: CollectivePolicy;
  repeat?: RepeatPolicy;
  callback?: CallbackPolicy;
}

/** DOMAIN §6, §8: when a resolved case's callback is due, and when it ends as unreachable. */
export interface CallbackPolicy {
  within: PolicyDuration;
  /** A customer already not satisfied at an earlier callback of the case is contacted sooner (3 h by default). */
  grumblingWithin?: PolicyDuration;
  /** Failed attempts after which the callback ends as unreachable. */
  maxFailedAttempts?: number;
}

export interface MallPolicy {
  id: string;
  name: string;
  nameEn: string;
  city: string;
  timeZone: string;
  enabledChannels: Channel[];
  departments: MallDepartment[];
  routing?: Partial<RoutingTables>;
  settings?: MallSettings;
  /** The mall's own closures and extra working days on top of the national schedule (working-day clocks). */
  calendar?: { closures?: { date: string; reason?: string }[]; extraWorkingDates?: { date: string; reason?: string }[] };
}

export interface StaffMember {
  id: string;
  name: string;
  roles: Role[];
  /** null: HQ staff, every mall. */
  mallId: string | null;
  departmentId: string | null;
  active: boolean;
}

/**
 * The group's organisation and operating rules as data (DOMAIN §1–§6), seeded from
 * sample-group.json and changed only by GroupPolicyChanged events. `version` goes into the events each
 * rule decides, so the log shows which policy applied; `revision` orders the versions.
 */
export interface GroupPolicy extends RoutingTables {
  version: string;
  revision: number;
  /** From when this version applies (ISO instant). */
  effectiveFrom: string;
  group: { id: string; name: string; nameEn: string };
  timeZone: string;
  /** The departments a new mall starts with. */
  departments: string[];
  severity: SeverityPolicy;
  collective: CollectivePolicy;
  repeat: RepeatPolicy;
  clocks: ClockPolicy[];
  /** Who is told at once on a major/collective case or a media risk; absent = nobody automatically. */
  clockNotices?: ClockNotice[];
  /** Default ladder and interval for clocks that name none. */
  escalation?: { ladder: EscalationRung[]; every: PolicyDuration };
  callback: CallbackPolicy;
  /** Who hears what on which channel, the group robots, and how hard delivery tries; absent = DEFAULT_NOTIFICATION_POLICY. */
  notifications?: NotificationPolicy;
  /** The group-wide targets analytics checks (docs/domain.md §6); absent = DEFAULT_GROUP_TARGETS. */
  targets?: GroupTargets;
  malls: MallPolicy[];
  staff: StaffMember[];
}

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
