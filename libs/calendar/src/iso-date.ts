import { CalendarError, CalendarErrorCode } from './calendar.exception';

/** A calendar date with no time and no zone, `YYYY-MM-DD` (a wall-calendar square, not an instant). */
export type IsoDate = `${number}-${number}-${number}`;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks the shape and that the day exists (no 2026-02-30), so bad config fails where it is read. */
export const parseIsoDate = (text: string): IsoDate => {
  const match = ISO_DATE.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const utc = new Date(Date.UTC(year, month - 1, day));
    if (utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day) return text as IsoDate;
  }
  throw new CalendarError(CalendarErrorCode.InvalidDate, `not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
};

/** Days since 1970-01-01: plain integer arithmetic for dates, free of any zone. */
export const toDayNumber = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export const fromDayNumber = (dayNumber: number): IsoDate => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10) as IsoDate;

export const addDaysToDate = (date: IsoDate, days: number): IsoDate => fromDayNumber(toDayNumber(date) + days);

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));

/** 0 = Sunday … 6 = Saturday, like Date#getDay. */
export const weekdayOf = (date: IsoDate): number => (((toDayNumber(date) + 4) % 7) + 7) % 7;

export const isWeekend = (date: IsoDate): boolean => {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
};

/** Every date from `from` to `to`, both included. */
export const datesInRange = (from: IsoDate, to: IsoDate): IsoDate[] => {
  const first = toDayNumber(from);
  const last = toDayNumber(to);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, index) => fromDayNumber(first + index));
};
