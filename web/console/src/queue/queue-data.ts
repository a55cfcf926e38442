import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { body, clocks as clocksApi, routing } from '../api/client';
import type { operations } from '../api/generated/routing';
import type { Clock, ClockListItem, Identity, Page, QueueItem } from '../api/views';
import { can } from '../auth/permissions';
import { usePollInterval } from '../live/live';
import { deadlineOf } from './sla-grade';

export type QueueTab = 'mine' | 'department' | 'unassigned';

type CaseQueueQuery = NonNullable<operations['CasesController_queue']['parameters']['query']>;

export interface QueueFilters {
  status?: CaseQueueQuery['status'];
  severity?: CaseQueueQuery['severity'];
  category?: string;
  overdue?: boolean;
}

export interface QueueRow extends QueueItem {
  clocks: Clock[];
  deadline: number;
}

/** The API's page size limit: pages are read one after another until the queue is complete. */
const PAGE_SIZE = 200;

/** Keeps reading pages until there are none: the queue has no cap. */
export const useAllPages = (query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }) => {
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
};

export const queueQueryOf = (tab: QueueTab, identity: Identity, filters: QueueFilters): CaseQueueQuery => ({
  ...(tab === 'mine' ? { mine: true } : {}),
  // Unassigned: the department's cases nobody holds yet (a leader without a department: the mall's).
  ...(tab !== 'mine' && identity.departmentId ? { departmentId: identity.departmentId } : {}),
  ...(filters.status ? { status: filters.status } : {}),
  ...(filters.severity ? { severity: filters.severity } : {}),
  ...(filters.overdue ? { overdue: true } : {}),
});

/** The queue's rows with their clocks, the nearest deadline first. */
export const useQueue = (tab: QueueTab, identity: Identity, filters: QueueFilters) => {
  const refetchInterval = usePollInterval();
  const query = queueQueryOf(tab, identity, filters);
  const cases = useInfiniteQuery({
    queryKey: ['queue', tab, query],
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      body<Page<QueueItem>>(routing.GET('/cases', { params: { query: { ...query, limit: PAGE_SIZE, offset: pageParam } } })),
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    refetchInterval,
  });
  useAllPages(cases);
  const readsClocks = can(identity, 'clock.read');
  const departmentId = identity.departmentId ?? undefined;
  const openClocks = useInfiniteQuery({
    queryKey: ['queue-clocks', departmentId ?? 'mall'],
    initialPageParam: 0,
    enabled: readsClocks,
    queryFn: ({ pageParam }) =>
      body<Page<ClockListItem>>(clocksApi.GET('/clocks', { params: { query: { ...(departmentId ? { departmentId } : {}), limit: PAGE_SIZE, offset: pageParam } } })),
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    refetchInterval,
  });
  useAllPages(openClocks);

  const rows = useMemo((): QueueRow[] => {
    const byCase = new Map<string, Clock[]>();
    for (const clock of openClocks.data?.pages.flatMap((page) => page.items) ?? []) {
      byCase.set(clock.complaintId, [...(byCase.get(clock.complaintId) ?? []), clock]);
    }
    return (cases.data?.pages.flatMap((page) => page.items) ?? [])
      .filter((item) => tab !== 'unassigned' || item.assigneeStaffId === null)
      .filter((item) => !filters.category || item.category === filters.category)
      .map((item) => {
        const clocks = byCase.get(item.complaintId) ?? [];
        return { ...item, clocks, deadline: deadlineOf(clocks, item.dueAt) };
      })
      .sort((a, b) => a.deadline - b.deadline || (a.caseNumber ?? '').localeCompare(b.caseNumber ?? ''));
  }, [cases.data, openClocks.data, tab, filters.category]);

  return { rows, total: cases.data?.pages[0]?.total ?? 0, loaded: cases.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0, isLoading: cases.isLoading, error: cases.error };
};
