import { CalendarError, CalendarErrorCode } from './calendar.exception';
import { addDaysToDate, toDayNumber, type IsoDate } from './iso-date';
import { endOfLocalDay, toLocalDate } from './time-zone';
import { coverageOf, isWorkingDay, type Coverage, type WorkingCalendar } from './working-calendar';

export interface WorkingDeadline {
  /** Last millisecond of `dueDate` in the mall's zone: met when the event happens at or before it. */
  dueAt: Date;
  /** The n-th working day, in the mall's zone. */
  dueDate: IsoDate;
  coverage: Coverage;
}

const assertCount = (what: string, value: number): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CalendarError(CalendarErrorCode.InvalidAmount, `${what} must be a whole number ≥ 0, got ${value}`);
  }
};

/** The first working day strictly after `date`. */
export const nextWorkingDay = (calendar: WorkingCalendar, date: IsoDate): { date: IsoDate; coverage: Coverage } => {
  let candidate = addDaysToDate(date, 1);
  while (!isWorkingDay(calendar, candidate)) candidate = addDaysToDate(candidate, 1);
  return { date: candidate, coverage: coverageOf(calendar, date, candidate) };
};

/**
 * "N个工作日内" (within N working days), read as the Civil Code reads periods (arts. 201, 203): the
 * day the clock starts is not counted, counting begins with the next working day, and the period ends
 * at 24:00 of the N-th working day. So the deadline is the end of the N-th working day strictly after
 * the start's local date; a start on a holiday or weekend makes the next working day the first one.
 * N = 0 means by the end of the start day if it is a working day, else of the next working day.
 */
export const addWorkingDays = (calendar: WorkingCalendar, from: Date, workingDays: number): WorkingDeadline => {
  assertCount('working days', workingDays);
  const startDate = toLocalDate(from, calendar.timeZone);
  let dueDate = startDate;
  if (workingDays === 0) {
    if (!isWorkingDay(calendar, startDate)) dueDate = nextWorkingDay(calendar, startDate).date;
  } else {
    for (let counted = 0; counted < workingDays; counted++) dueDate = nextWorkingDay(calendar, dueDate).date;
  }
  return { dueAt: endOfLocalDay(dueDate, calendar.timeZone), dueDate, coverage: coverageOf(calendar, startDate, dueDate) };
};

/**
 * Working days ticked off on the mall's wall calendar between two instants: those after `from`'s local
 * date up to and including `to`'s, negative when `to` is earlier. It agrees with `addWorkingDays`:
 * for N ≥ 1 an instant on the deadline's `dueDate` is N working days after the start.
 */
export const workingDaysBetween = (calendar: WorkingCalendar, from: Date, to: Date): { workingDays: number; coverage: Coverage } => {
  const fromDate = toLocalDate(from, calendar.timeZone);
  const toDate = toLocalDate(to, calendar.timeZone);
  const sign = toDayNumber(toDate) < toDayNumber(fromDate) ? -1 : 1;
  const [earlier, later] = sign === 1 ? [fromDate, toDate] : [toDate, fromDate];
  let count = 0;
  for (let date = addDaysToDate(earlier, 1); toDayNumber(date) <= toDayNumber(later); date = addDaysToDate(date, 1)) {
    if (isWorkingDay(calendar, date)) count++;
  }
  return { workingDays: sign * count, coverage: coverageOf(calendar, fromDate, toDate) };
};
