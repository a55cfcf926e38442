import { currentMonth, twelveMonthsTo } from './format';
import type { Period } from './api';
import type { PeriodKind } from './report-types';

export const PERIOD_KINDS: PeriodKind[] = ['month', 'quarter', 'year'];

/** The periods offered for each kind, newest first: 12 months, 8 quarters, 3 years. */
export const periodsOf = (kind: PeriodKind, now: Date = new Date()): string[] => {
  const month = currentMonth(now);
  const year = Number(month.slice(0, 4));
  if (kind === 'month') return twelveMonthsTo(month).reverse();
  if (kind === 'year') return [0, 1, 2].map((back) => String(year - back));
  const quarter = Math.floor((Number(month.slice(5, 7)) - 1) / 3);
  return Array.from({ length: 8 }, (_, back) => {
    const index = year * 4 + quarter - back;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  });
};

/** The period a page's search params name (`?quarter=2026-Q4`), else this quarter. */
export const periodFrom = (params: URLSearchParams, fallback: PeriodKind = 'quarter'): Period => {
  for (const kind of PERIOD_KINDS) {
    const value = params.get(kind);
    if (value) return { kind, value };
  }
  return { kind: fallback, value: periodsOf(fallback)[0] };
};
