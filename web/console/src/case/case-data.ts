import { useQuery, type QueryClient } from '@tanstack/react-query';
import { body, clocks, intake, routing } from '../api/client';
import { ApiError } from '../api/problem';
import type { CaseClocks, CaseView, Clock, Complaint, TimelineEntry } from '../api/views';
import { usePollInterval } from '../live/live';

/** A case not routed yet, or without clocks yet, is not an error on the page: it is just not there yet. */
const orNull = async <T>(read: Promise<T>): Promise<T | null> => {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
};

const complaintQuery = (complaintId: string) => ({
  queryKey: ['complaint', complaintId],
  queryFn: () => body<Complaint>(intake.GET('/complaints/{id}', { params: { path: { id: complaintId } } })),
});

const clocksQuery = (complaintId: string) => ({
  queryKey: ['clocks', complaintId],
  queryFn: () => orNull(body<CaseClocks>(clocks.GET('/clocks/{complaintId}', { params: { path: { complaintId } } }))),
});

/** Every clock of the case, met ones too, as sla-monitor holds them (in the countdown's shape). */
export const clocksOf = (data: CaseClocks | null | undefined): Clock[] => (data?.clocks ?? []).map((clock) => ({ ...clock, state: clock.status }));

/** The case's clocks: on its page, and when a queue row's countdown is hovered (the row carries only the open ones). */
export const useCaseClocks = (complaintId: string, enabled = true) => useQuery({ ...clocksQuery(complaintId), enabled, refetchInterval: usePollInterval() });

/** Reads the case's facts ahead of a likely visit (a queue row hovered or focused); a fresh read is not repeated. */
export const prefetchCase = (queryClient: QueryClient, complaintId: string): void => {
  void queryClient.prefetchQuery({ ...complaintQuery(complaintId), staleTime: 10_000 });
};

export const useCase = (complaintId: string) => {
  const refetchInterval = usePollInterval();
  const path = { params: { path: { id: complaintId } } };
  const complaint = useQuery({ ...complaintQuery(complaintId), refetchInterval });
  const allowed = complaint.isSuccess;
  return {
    complaint,
    handling: useQuery({ queryKey: ['case', complaintId], enabled: allowed, queryFn: () => orNull(body<CaseView>(routing.GET('/cases/{id}', path))), refetchInterval }),
    timeline: useQuery({
      queryKey: ['timeline', complaintId],
      enabled: allowed,
      queryFn: () => body<{ entries: TimelineEntry[] }>(intake.GET('/complaints/{id}/timeline', path)),
      refetchInterval,
    }),
    clocks: useCaseClocks(complaintId, allowed),
  };
};
