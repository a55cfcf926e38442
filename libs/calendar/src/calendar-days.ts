import { CalendarError, CalendarErrorCode } from './calendar.exception';
import { addDaysToDate } from './iso-date';
import { fromLocalDateTime, toLocalDateTime } from './time-zone';

const MINUTE_MS = 60_000;

const assertWhole = (what: string, value: number): void => {
  if (!Number.isSafeInteger(value)) throw new CalendarError(CalendarErrorCode.InvalidAmount, `${what} must be a whole number, got ${value}`);
};

/**
 * The same wall-clock time `days` calendar days later in the mall's zone. Not `days × 24 h`: across a
 * daylight-saving change (a mall outside mainland China) the wall time is what people agreed to.
 */
export const addCalendarDays = (calendar: { readonly timeZone: string }, from: Date, days: number): Date => {
  assertWhole('calendar days', days);
  const local = toLocalDateTime(from, calendar.timeZone);
  return fromLocalDateTime({ ...local, date: addDaysToDate(local.date, days) }, calendar.timeZone);
};

/** Elapsed time: an hour is an hour whatever the zone, so no zone is needed. */
export const addMinutes = (from: Date, minutes: number): Date => {
  assertWhole('minutes', minutes);
  return new Date(from.getTime() + minutes * MINUTE_MS);
};

export const addHours = (from: Date, hours: number): Date => {
  assertWhole('hours', hours);
  return addMinutes(from, hours * 60);
};
