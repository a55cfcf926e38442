/**
 * The words a policy document is written in: the values its fields take and the shapes of its codes.
 * The document's classes (group-policy.ts) and the rules across its parts (policy-rules.ts) use these.
 */

/**
 * `end-of-day`: to 24:00 of the mall's local day `amount` calendar days after the start's day
 * (0 = the same day 当天, 1 = by the next day 次日内), whatever the time of the start.
 */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'working-days', 'end-of-day'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** DOMAIN §7: handler → department manager → director → mall GM → group HQ; marketing for crisis PR. */
export const ESCALATION_RUNGS = ['handler', 'department-manager', 'director', 'mall-gm', 'group-hq', 'marketing'] as const;
export type EscalationRung = (typeof ESCALATION_RUNGS)[number];

/** Yes/no facts of a case a clock may require (`facts`) or exclude (`notFacts`). */
export const CASE_FLAGS = ['businessAffected', 'grumbling', 'collective', 'mediaRisk'] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `received`: a clock counted from the case's receivedAt although started by a later event that made it apply. */
export const CLOCK_COUNT_FROM = ['start-event', 'received'] as const;
/** What falls due: a breach, or the automatic upgrade of a responsible case to major (DOMAIN §4). */
export const CLOCK_ON_DUE = ['breach', 'upgrade-to-major'] as const;

/** Department, staff and rule ids. */
export const POLICY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MALL_CODE = /^[A-Z0-9]{2,8}$/;
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
