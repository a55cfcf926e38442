import { shiftMonth } from '../figures/reporting-period';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const QUARTER_PATTERN = /^\d{4}-Q[1-4]$/;
export const YEAR_PATTERN = /^\d{4}$/;
export const WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

export type PeriodKind = 'month' | 'quarter' | 'year';

/** The months a period covers: `2026-11` → itself, `2026-Q3` → Jul–Sep, `2026` → Jan–Dec. */
export const monthsOfPeriod = (period: string): { kind: PeriodKind; months: string[] } => {
  if (MONTH_PATTERN.test(period)) return { kind: 'month', months: [period] };
  if (QUARTER_PATTERN.test(period)) {
    const first = `${period.slice(0, 4)}-${String((Number(period.slice(6)) - 1) * 3 + 1).padStart(2, '0')}`;
    return { kind: 'quarter', months: [0, 1, 2].map((offset) => shiftMonth(first, offset)) };
  }
  if (YEAR_PATTERN.test(period)) return { kind: 'year', months: Array.from({ length: 12 }, (_, index) => shiftMonth(`${period}-01`, index)) };
  throw new Error(`not a month, quarter or year: ${period}`);
};
