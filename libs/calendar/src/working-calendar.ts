import { CalendarError, CalendarErrorCode } from './calendar.exception';
import { CHINA_MAINLAND_SCHEDULE } from './china-public-holidays';
import { datesInRange, isWeekend, parseIsoDate, toDayNumber, yearOf, type IsoDate } from './iso-date';
import type { NationalSchedule } from './national-schedule';
import { assertTimeZone } from './time-zone';

/** A date a mall sets apart from the national schedule, with the reason staff will see. */
export interface MallDate {
  date: string;
  reason?: string;
}

export interface WorkingCalendarConfig {
  /** IANA zone of the mall, e.g. Asia/Shanghai: decides which date an instant falls on. */
  timeZone: string;
  /** Defaults to the bundled mainland China schedule. */
  schedule?: NationalSchedule;
  /** The mall's own non-working dates (closure, stock-take): they override the national schedule. */
  closures?: readonly MallDate[];
  /** Dates the mall works though the national schedule rests: they override it too. */
  extraWorkingDates?: readonly MallDate[];
}

export type DayReason = 'weekday' | 'weekend' | 'public-holiday' | 'adjusted-working-day' | 'mall-closure' | 'mall-working-day';

export interface DayRule {
  working: boolean;
  reason: Exclude<DayReason, 'weekday' | 'weekend'>;
  /** The festival for national rules, the mall's reason for its own. */
  holiday?: { zh: string; en: string };
  note?: string;
}

/** An immutable value: build it once per mall and policy version, then ask it questions. */
export interface WorkingCalendar {
  readonly timeZone: string;
  readonly region: string;
  /** Years whose official notice is bundled; other years use Monday–Friday and say so in `coverage`. */
  readonly coveredYears: readonly number[];
  readonly rules: ReadonlyMap<IsoDate, DayRule>;
}

export interface CalendarDay {
  date: IsoDate;
  working: boolean;
  reason: DayReason;
  holiday?: { zh: string; en: string };
  note?: string;
  /** False when the date's year has no bundled notice and the weekday rule was used instead. */
  covered: boolean;
}

/**
 * Whether an answer rests on the official schedule. Past the bundled years the calendar still answers
 * (Monday–Friday, plus the mall's own dates) rather than throw inside a running clock; the caller
 * records or shows `uncoveredYears` so someone adds the year's notice.
 */
export type Coverage = { readonly status: 'official' } | { readonly status: 'weekday-fallback'; readonly uncoveredYears: readonly number[] };

const invalidSchedule = (message: string) => new CalendarError(CalendarErrorCode.InvalidSchedule, message);

const nationalRules = (schedule: NationalSchedule): Map<IsoDate, DayRule> => {
  const rules = new Map<IsoDate, DayRule>();
  const seenYears = new Set<number>();
  for (const year of schedule.years) {
    if (seenYears.has(year.year)) throw invalidSchedule(`${schedule.region} ${year.year} is listed twice`);
    seenYears.add(year.year);
    for (const holiday of year.holidays) {
      const from = parseIsoDate(holiday.daysOff.from);
      const to = parseIsoDate(holiday.daysOff.to);
      if (toDayNumber(to) < toDayNumber(from)) throw invalidSchedule(`${holiday.name.en} ${year.year} ends before it starts`);
      const entries: [IsoDate, DayRule][] = [
        ...datesInRange(from, to).map((date): [IsoDate, DayRule] => [date, { working: false, reason: 'public-holiday', holiday: holiday.name }]),
        ...holiday.adjustedWorkingDays.map((text): [IsoDate, DayRule] => {
          const date = parseIsoDate(text);
          // 调休 only ever moves work onto a weekend; anything else is a typo in the data.
          if (!isWeekend(date)) throw invalidSchedule(`${holiday.name.en} ${year.year}: adjusted working day ${date} is not a weekend day`);
          return [date, { working: true, reason: 'adjusted-working-day', holiday: holiday.name }];
        }),
      ];
      for (const [date, rule] of entries) {
        if (rules.has(date)) throw invalidSchedule(`${date} appears twice in the ${schedule.region} schedule`);
        rules.set(date, rule);
      }
    }
  }
  return rules;
};

export const buildWorkingCalendar = (config: WorkingCalendarConfig): WorkingCalendar => {
  assertTimeZone(config.timeZone);
  const schedule = config.schedule ?? CHINA_MAINLAND_SCHEDULE;
  const rules = nationalRules(schedule);
  const closures = (config.closures ?? []).map((closure) => ({ ...closure, date: parseIsoDate(closure.date) }));
  const extraWorkingDates = (config.extraWorkingDates ?? []).map((extra) => ({ ...extra, date: parseIsoDate(extra.date) }));
  const closed = new Set(closures.map((closure) => closure.date));
  const conflicting = extraWorkingDates.filter((extra) => closed.has(extra.date)).map((extra) => extra.date);
  if (conflicting.length > 0) {
    throw new CalendarError(CalendarErrorCode.ConflictingMallDates, `dates both closed and working for the mall: ${conflicting.join(', ')}`);
  }
  const noted = (reason: string | undefined) => (reason === undefined ? {} : { note: reason });
  for (const closure of closures) rules.set(closure.date, { working: false, reason: 'mall-closure', ...noted(closure.reason) });
  for (const extra of extraWorkingDates) rules.set(extra.date, { working: true, reason: 'mall-working-day', ...noted(extra.reason) });
  return {
    timeZone: config.timeZone,
    region: schedule.region,
    coveredYears: schedule.years.map((year) => year.year).sort((a, b) => a - b),
    rules,
  };
};

export const isCoveredYear = (calendar: WorkingCalendar, year: number): boolean => calendar.coveredYears.includes(year);

/** Mall dates first, then the official notice, then the weekday rule. */
export const describeDay = (calendar: WorkingCalendar, date: IsoDate): CalendarDay => {
  const covered = isCoveredYear(calendar, yearOf(date));
  const rule = calendar.rules.get(date);
  if (rule) return { date, ...rule, covered };
  const weekend = isWeekend(date);
  return { date, working: !weekend, reason: weekend ? 'weekend' : 'weekday', covered };
};

export const isWorkingDay = (calendar: WorkingCalendar, date: IsoDate): boolean => describeDay(calendar, date).working;

/** Coverage of every date from `from` to `to` (either order). */
export const coverageOf = (calendar: WorkingCalendar, from: IsoDate, to: IsoDate): Coverage => {
  const [first, last] = [yearOf(from), yearOf(to)].sort((a, b) => a - b);
  const uncoveredYears = Array.from({ length: last - first + 1 }, (_, index) => first + index).filter((year) => !isCoveredYear(calendar, year));
  return uncoveredYears.length === 0 ? { status: 'official' } : { status: 'weekday-fallback', uncoveredYears };
};
