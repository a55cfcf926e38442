import { toLocalDate, type IsoDate } from '@mallcare/calendar';

const DAY_MS = 86_400_000;

/** The calendar month of a local date: `2026-11`. */
export const monthOfDate = (date: IsoDate): string => date.slice(0, 7);

/** The ISO-8601 week of a local date (weeks start on Monday; week 1 holds the year's first Thursday): `2026-W48`. */
export const isoWeekOfDate = (date: IsoDate): string => {
  const day = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(day + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

export interface ReportingPeriods {
  localDate: IsoDate;
  month: string;
  week: string;
}

const QUARTER_HOUR_MS = 900_000;
const periodsCache = new Map<string, ReportingPeriods>();

/**
 * The periods an instant falls in, read on the mall's wall clock (a case belongs to the month of its
 * receivedAt there). Every zone's offset is a whole number of quarter hours, so local midnight falls on
 * a quarter hour in UTC and the answer is cached per zone and quarter hour (a rebuild asks it 600,000 times).
 */
export const reportingPeriodsOf = (instant: string, timeZone: string): ReportingPeriods => {
  const quarter = Math.floor(Date.parse(instant) / QUARTER_HOUR_MS);
  const key = `${timeZone}|${quarter}`;
  const cached = periodsCache.get(key);
  if (cached) return cached;
  const localDate = toLocalDate(new Date(quarter * QUARTER_HOUR_MS), timeZone);
  const periods = { localDate, month: monthOfDate(localDate), week: isoWeekOfDate(localDate) };
  if (periodsCache.size >= 200_000) periodsCache.clear();
  periodsCache.set(key, periods);
  return periods;
};

/** The month before `2026-01` is `2025-12`; `offset` -12 gives the same month last year. */
export const shiftMonth = (month: string, offset: number): string => {
  const [year, monthNumber] = month.split('-').map(Number);
  const index = year * 12 + (monthNumber - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};
