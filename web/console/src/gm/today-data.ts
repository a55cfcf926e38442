import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { body, routing } from '../api/client';
import type { components } from '../api/generated/routing';
import type { CaseView } from '../api/views';
import { usePollInterval } from '../live/live';
import { useAllPages } from '../queue/queue-data';

export type MallCase = components['schemas']['WorkQueueItemDto'];
type CasePage = components['schemas']['WorkQueuePageDto'];

export const OPEN_STATUSES = ['routed', 'accepted', 'verified', 'classified', 'resolution-proposed', 'reopened'] as const;
export const SEVERITY_BUCKETS = ['critical', 'major', 'general', 'unclassified'] as const;
export const REPORT_CLOCKS = ['major-to-gm-same-day', 'major-to-hq-next-day'] as const;

/**
 * Which of the mall's open cases a number counts: the Today page's figures and the list behind each
 * are the same filter over the same rows, so a number always equals the length of its list.
 */
export interface CaseFilter {
  status?: string;
  severity?: string;
  grade?: string;
  reportClocks?: boolean;
  written?: boolean;
  /** The written cases whose reply waits for approval (asked of each case, not a row filter). */
  approval?: boolean;
}

const severityOf = (row: MallCase): string => row.severity ?? 'unclassified';
const isMajor = (row: MallCase): boolean => row.severity === 'major' || row.severity === 'critical';

export const matches = (row: MallCase, filter: CaseFilter): boolean =>
  (filter.status === undefined || row.status === filter.status) &&
  (filter.severity === undefined || severityOf(row) === filter.severity) &&
  (filter.grade === undefined || row.grade === filter.grade) &&
  (!filter.reportClocks || isMajor(row)) &&
  (!filter.written || row.written);

export const filterOf = (params: URLSearchParams): CaseFilter => ({
  ...(params.get('status') ? { status: params.get('status') ?? undefined } : {}),
  ...(params.get('severity') ? { severity: params.get('severity') ?? undefined } : {}),
  ...(params.get('grade') ? { grade: params.get('grade') ?? undefined } : {}),
  ...(params.get('reportClocks') === 'true' ? { reportClocks: true } : {}),
  ...(params.get('written') === 'true' ? { written: true } : {}),
  ...(params.get('approval') === 'true' ? { approval: true } : {}),
});

export const searchOf = (filter: CaseFilter): string =>
  new URLSearchParams(Object.entries(filter).map(([key, value]) => [key, String(value)])).toString();

export interface TodayFigures {
  open: number;
  byStatus: Record<string, number>;
  bySeverity: Record<string, number>;
  breached: number;
  atRisk: number;
  major: MallCase[];
  written: MallCase[];
}

/** The Today page's figures, from the mall's open cases as routing holds them. */
export const todayFigures = (rows: readonly MallCase[]): TodayFigures => {
  const count = (filter: CaseFilter) => rows.filter((row) => matches(row, filter)).length;
  return {
    open: rows.length,
    byStatus: Object.fromEntries(OPEN_STATUSES.map((status) => [status, count({ status })])),
    bySeverity: Object.fromEntries(SEVERITY_BUCKETS.map((severity) => [severity, count({ severity })])),
    breached: count({ grade: 'breached' }),
    atRisk: count({ grade: 'at-risk' }),
    major: rows.filter(isMajor),
    written: rows.filter((row) => row.written),
  };
};

const PAGE_SIZE = 200;

type CaseQuery = { mallId?: string; overdue?: boolean; severity?: 'general' | 'major' | 'critical' };

/**
 * Every open case matching a query (routing GET /cases, page after page: no cap). Its key starts with
 * `queue`, so /live's case, clock and registration changes refresh it without a reload.
 */
export const useOpenCases = (query: CaseQuery) => {
  const refetchInterval = usePollInterval();
  const pages = useInfiniteQuery({
    queryKey: ['queue', 'open-cases', query],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => body<CasePage>(routing.GET('/cases', { params: { query: { status: 'open', ...query, limit: PAGE_SIZE, offset: pageParam } } })),
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    refetchInterval,
  });
  useAllPages(pages);
  const rows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  return { rows, error: pages.error, isLoading: pages.isLoading };
};

/** Every open case of one mall. */
export const useMallCases = (mallId: string) => useOpenCases({ mallId });

/** At most this many written cases are asked whether their reply still needs approving. */
export const APPROVAL_CANDIDATES = 100;

/**
 * The written cases whose reply waits for a leader's approval: routing's case view says so
 * (`allowedCommands` holds ApproveWrittenReply until it is approved).
 */
export const useAwaitingApproval = (written: readonly MallCase[]) => {
  const candidates = written.slice(0, APPROVAL_CANDIDATES);
  const views = useQueries({
    queries: candidates.map((row) => ({
      queryKey: ['case', row.complaintId],
      queryFn: () => body<CaseView>(routing.GET('/cases/{id}', { params: { path: { id: row.complaintId } } })),
    })),
  });
  const waiting = candidates.filter((_, index) => views[index]?.data?.allowedCommands.includes('ApproveWrittenReply'));
  return { waiting, loading: views.some((view) => view.isLoading) };
};
