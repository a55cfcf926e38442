import {
  addCalendarDays,
  addDaysToDate,
  addHours,
  addMinutes,
  addWorkingDays,
  buildWorkingCalendar,
  endOfLocalDay,
  toLocalDate,
  type Coverage,
  type WorkingCalendar,
} from '@mallcare/calendar';
import type { GroupPolicy, PolicyDuration } from './group-policy';
import { findMall, timeZoneOf } from './malls';

const OFFICIAL: Coverage = { status: 'official' };

// A policy version is immutable, so each mall's calendar is built once per version.
const calendars = new WeakMap<GroupPolicy, Map<string, WorkingCalendar>>();

/** The mall's working calendar: the bundled national schedule in its zone plus its own closures and extra working days. */
export const policyCalendarFor = (policy: GroupPolicy, mallId: string): WorkingCalendar => {
  let byMall = calendars.get(policy);
  if (!byMall) calendars.set(policy, (byMall = new Map()));
  let calendar = byMall.get(mallId);
  if (!calendar) {
    const own = findMall(policy, mallId)?.calendar;
    calendar = buildWorkingCalendar({ timeZone: timeZoneOf(policy, mallId), closures: own?.closures ?? [], extraWorkingDates: own?.extraWorkingDates ?? [] });
    byMall.set(mallId, calendar);
  }
  return calendar;
};

/**
 * A policy duration on the mall's calendar. Working days follow the official holidays and 调休 (end of
 * the N-th working day, see addWorkingDays); `coverage` says when a year past the bundled schedule fell
 * back to Monday–Friday. Minutes and hours are elapsed time; days keep the wall-clock time; end-of-day
 * ends at 24:00 (the last millisecond) of the local day `amount` days after the start's day.
 */
export const addPolicyDurationOnCalendar = (from: Date, duration: PolicyDuration, calendar: WorkingCalendar): { dueAt: Date; coverage: Coverage } => {
  switch (duration.unit) {
    case 'minutes':
      return { dueAt: addMinutes(from, duration.amount), coverage: OFFICIAL };
    case 'hours':
      return { dueAt: addHours(from, duration.amount), coverage: OFFICIAL };
    case 'days':
      return { dueAt: addCalendarDays(calendar, from, duration.amount), coverage: OFFICIAL };
    case 'working-days': {
      const { dueAt, coverage } = addWorkingDays(calendar, from, duration.amount);
      return { dueAt, coverage };
    }
    case 'end-of-day':
      return { dueAt: endOfLocalDay(addDaysToDate(toLocalDate(from, calendar.timeZone), duration.amount), calendar.timeZone), coverage: OFFICIAL };
    default: {
      const unknownUnit: never = duration.unit;
      throw new Error(`unknown duration unit ${String(unknownUnit)}`);
    }
  }
};
