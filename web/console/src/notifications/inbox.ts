import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, clocks } from '../api/client';
import { usePollInterval } from '../live/live';

/** One message of sla-monitor's inbox (its `InboxItem`; the service does not describe it in OpenAPI). */
export interface InboxItem {
  id: string;
  complaintId: string;
  caseNumber: string | null;
  kind: 'warning' | 'escalation' | 'major-notice' | 'collective' | 'media-risk' | 'callback-due' | 'dissatisfied';
  rung: string;
  title: string;
  body: string;
  link: string;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  unread: number;
  total: number;
  nextOffset: number | null;
}

/** The newest messages the drawer lists; the unread count covers all of them. */
export const INBOX_PAGE_SIZE = 50;
export const INBOX_KEY = ['notifications'] as const;

/** The caller's inbox: refreshed when /live says a notification was made (and after a reconnect). */
export const useInbox = () => {
  const refetchInterval = usePollInterval();
  return useQuery({
    queryKey: INBOX_KEY,
    queryFn: () => body<InboxPage>(clocks.GET('/notifications/inbox', { params: { query: { limit: INBOX_PAGE_SIZE } } })),
    refetchInterval,
  });
};

export const useMarkRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => body<{ id: string; readAt: string }>(clocks.POST('/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: INBOX_KEY }),
  });
};
