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
