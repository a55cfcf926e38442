import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { body, routing } from '../api/client';
import type { components, operations } from '../api/generated/routing';
import type { Clock, Identity } from '../api/views';
import { usePollInterval } from '../live/live';
import { deadlineOf } from './sla-grade';

export type QueueTab = 'mine' | 'department' | 'unassigned';

type WorkQueueQuery = NonNullable<operations['WorkQueueController_department']['parameters']['query']>;
export type WorkQueueItem = components['schemas']['WorkQueueItemDto'];
export type WorkQueueClock = components['schemas']['WorkQueueClockDto'];
type WorkQueuePage = components['schemas']['WorkQueuePageDto'];

export interface QueueFilters {
  status?: WorkQueueQuery['status'];
  severity?: WorkQueueQuery['severity'];
  category?: WorkQueueQuery['category'];
  overdue?: boolean;
}

/** A queue row: routing's work-queue item, its clocks in the shape the countdown grades. */
export interface QueueRow extends Omit<WorkQueueItem, 'clocks'> {
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

/** routing's clock as the countdown reads it (one warning point: the policy's first). */
export const clockOf = (clock: WorkQueueClock): Clock => ({
  clockId: clock.clockId,
  kind: clock.kind,
  state: clock.state,
  dueAt: clock.deadline,
  warnAt: clock.warningAt ? [clock.warningAt] : [],
  pauseReason: clock.pausedReason,
});

export const queueQueryOf = (filters: QueueFilters): WorkQueueQuery => ({
  ...(filters.status ? { status: filters.status } : {}),
  ...(filters.category ? { category: filters.category } : {}),
  ...(filters.severity ? { severity: filters.severity } : {}),
  ...(filters.overdue ? { overdue: true } : {}),
});

/**
 * One page of a queue view. The department view needs a department: staff of none (director, GM)
 * read the mall's queue (GET /cases, the same rows, no category filter there: it is applied here).
 */
const readPage = async (tab: QueueTab, identity: Identity, query: WorkQueueQuery, offset: number): Promise<WorkQueuePage> => {
  const paged = { params: { query: { ...query, limit: PAGE_SIZE, offset } } };
  if (tab === 'mine') return body<WorkQueuePage>(routing.GET('/cases/queues/mine', paged));
  if (tab === 'unassigned') return body<WorkQueuePage>(routing.GET('/cases/queues/unassigned', paged));
  if (identity.departmentId) return body<WorkQueuePage>(routing.GET('/cases/queues/department', paged));
  const { category, ...mallQuery } = query;
  const page = await body<WorkQueuePage>(routing.GET('/cases', { params: { query: { status: 'open', ...mallQuery, limit: PAGE_SIZE, offset } } }));
  return category ? { ...page, items: page.items.filter((item) => item.category === category) } : page;
};

/** The queue's rows as routing sorts them: the nearest deadline sla-monitor holds each case to first. */
export const useQueue = (tab: QueueTab, identity: Identity, filters: QueueFilters) => {
  const refetchInterval = usePollInterval();
  const query = queueQueryOf(filters);
  const pages = useInfiniteQuery({
    queryKey: ['queue', tab, identity.departmentId ?? 'mall', query],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => readPage(tab, identity, query, pageParam),
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    refetchInterval,
  });
  useAllPages(pages);

  const rows = useMemo(
    (): QueueRow[] =>
      (pages.data?.pages.flatMap((page) => page.items) ?? []).map((item) => {
        const clocks = item.clocks.map(clockOf);
        return { ...item, clocks, deadline: deadlineOf(clocks, item.nearestDeadline) };
      }),
    [pages.data],
  );

  return { rows, total: pages.data?.pages[0]?.total ?? 0, loaded: rows.length, isLoading: pages.isLoading, error: pages.error };
};
