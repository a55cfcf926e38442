import { inMall } from '../common/time';

/** A rate as the reports print it: one decimal, or a dash when it has nothing to count (DOMAIN §9). */
export const formatRate = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);

/** Minutes as hours with one decimal once past an hour (the reports keep minutes). */
export const formatMinutes = (minutes: number | null | undefined, units: { minutes: string; hours: string }): string => {
  if (minutes === null || minutes === undefined) return '—';
  return minutes < 60 ? `${Math.round(minutes)} ${units.minutes}` : `${(minutes / 60).toFixed(1)} ${units.hours}`;
};

/** `2026-11` of the mall's wall clock now (every mall keeps Beijing time). */
export const currentMonth = (now: Date = new Date()): string => inMall(now).format('YYYY-MM');

/** The 12 months ending with `month`, oldest first. */
export const twelveMonthsTo = (month: string): string[] => {
  const [year, number] = month.split('-').map(Number);
  return Array.from({ length: 12 }, (_, index) => {
    const offset = number - 12 + index;
    const y = year + Math.floor(offset / 12);
    const m = ((offset % 12) + 12) % 12 + 1;
    return `${y}-${String(m).padStart(2, '0')}`;
  });
};

const DAY = 86_400_000;
const isoDate = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The ISO week `2026-W45` of a calendar day (the week's year is its Thursday's). */
export const isoWeekOf = (time: number): string => {
  const weekday = (new Date(time).getUTCDay() + 6) % 7;
  const thursday = new Date(time + (3 - weekday) * DAY);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** The ISO weeks that have a day in `month` (`2026-11`), each with its Monday and Sunday. */
export const weeksOf = (month: string): { week: string; from: string; to: string }[] => {
  const [year, number] = month.split('-').map(Number);
  const first = Date.UTC(year, number - 1, 1);
  const end = Date.UTC(year, number, 1);
  const weeks = [];
  for (let monday = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY; monday < end; monday += 7 * DAY) {
    weeks.push({ week: isoWeekOf(monday), from: isoDate(monday), to: isoDate(monday + 6 * DAY) });
  }
  return weeks;
};
