import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { accessToken, analytics, body } from '../api/client';
import type { operations } from '../api/generated/analytics';
import { ApiError, type Problem } from '../api/problem';
import type { CaseDetailPage, HqRollup, MallMonthlyReport, MallPeriodReport, PeriodKind } from './report-types';

/** `?month=2026-11`, `?quarter=2026-Q4` or `?year=2026`: the one period analytics' roll-ups take. */
export interface Period {
  kind: PeriodKind;
  value: string;
}

export const periodQuery = (period: Period): { month?: string; quarter?: string; year?: string } => ({ [period.kind]: period.value });

export const useMonthlyReport = (mallId: string, month: string) =>
  useQuery({
    queryKey: ['report', 'monthly', mallId, month],
    queryFn: () => body<MallMonthlyReport>(analytics.GET('/analytics/malls/{mallId}/reports/monthly', { params: { path: { mallId }, query: { month } } })),
  });

export const useMallPeriodReport = (mallId: string, period: Period, enabled = true) =>
  useQuery({
    queryKey: ['report', 'period', mallId, period.kind, period.value],
    queryFn: () => body<MallPeriodReport>(analytics.GET('/analytics/malls/{mallId}/reports/rollup', { params: { path: { mallId }, query: periodQuery(period) } })),
    enabled,
  });

export const useHqRollup = (period: Period) =>
  useQuery({
    queryKey: ['report', 'hq-rollup', period.kind, period.value],
    queryFn: () => body<HqRollup>(analytics.GET('/analytics/hq/rollup', { params: { query: periodQuery(period) } })),
  });

export const DETAIL_PAGE_SIZE = 20;

/** The detail's filters as analytics takes them, for the page and its exports alike. */
export type CaseDetailFilters = Omit<NonNullable<operations['ReportsController_cases']['parameters']['query']>, 'limit' | 'offset' | 'month' | 'week'>;
/** 客诉月报明细 (`{ month }`) or 客诉周报明细 (`{ week }`). */
export type DetailPeriod = { month: string } | { week: string };

export const useCaseDetail = (mallId: string, period: DetailPeriod, filters: CaseDetailFilters, page: number) =>
  useQuery({
    queryKey: ['report', 'detail', mallId, period, filters, page],
    queryFn: () =>
      body<CaseDetailPage>(
        analytics.GET('/analytics/malls/{mallId}/cases', { params: { path: { mallId }, query: { ...period, ...filters, limit: DETAIL_PAGE_SIZE, offset: (page - 1) * DETAIL_PAGE_SIZE } } }),
      ),
    placeholderData: keepPreviousData,
  });

/** The file name the service gives (Content-Disposition, RFC 6266 filename* first). */
const fileNameOf = (response: Response, fallback: string): string => {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
};

/**
 * A download through the API: the token lives in memory only, so a plain link (which cannot carry the
 * bearer header) would be refused; the file is fetched and handed to the browser as a blob.
 */
export const download = async (path: string, fallbackName: string): Promise<void> => {
  const token = accessToken();
  const response = await fetch(`${window.location.origin}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as Problem);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response, fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
