import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Identity } from '../api/views';
import { usePollInterval } from '../live/live';
import { loadQueue, queueKeyOf, queueQueryOf, type QueueFilters, type QueueRow, type QueueTab } from './queue-rows';

export * from './queue-rows';

/** Keeps reading pages until there are none: a list with no cap (the callback desk's). */
export const useAllPages = (query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }) => {
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
};

const EMPTY: QueueRow[] = [];

/** The queue's rows as routing sorts them: the nearest deadline sla-monitor holds each case to first. */
export const useQueue = (tab: QueueTab, identity: Identity, filters: QueueFilters) => {
  const refetchInterval = usePollInterval();
  const key = queueKeyOf(tab, identity, queueQueryOf(filters));
  const queue = useQuery({
    queryKey: key,
    // Not cancelled when the screen is left: the read completes into the cache, so coming back is instant.
    queryFn: ({ client }) => loadQueue(client, key),
    refetchInterval,
    // Thousands of rows: compared deeply on every page and re-read they would cost more than they save.
    structuralSharing: false,
  });
  const rows = queue.data?.rows ?? EMPTY;
  return { rows, total: queue.data?.total ?? 0, loaded: rows.length, complete: queue.data?.complete ?? false, isLoading: queue.isLoading, error: queue.error };
};
