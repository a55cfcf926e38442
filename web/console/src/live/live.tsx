import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { accessToken } from '../api/client';
import { useSession } from '../auth/session';
import { QueueRowRereads, rereadQueueRows } from '../queue/queue-rows';
import { FollowUps } from './follow-ups';
import { parseChange, SseParser, staleKeysOf, touchesQueueRow } from './sse';

/** up: pushed; down: lost, reconnecting; polling: this deployment has no /live, lists refresh on a timer. */
export type LiveStatus = 'connecting' | 'up' | 'down' | 'polling';

const LiveContext = createContext<LiveStatus>('connecting');
export const useLiveStatus = (): LiveStatus => useContext(LiveContext);

/** How often a list refreshes itself when nothing is pushed. */
export const POLL_INTERVAL_MS = 5_000;
export const usePollInterval = (): number | false => (useLiveStatus() === 'polling' ? POLL_INTERVAL_MS : false);

const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

/**
 * Reads GET /live with fetch (EventSource cannot send the bearer header), invalidates what each change
 * touches, and after a drop resumes from Last-Event-ID and refetches everything on screen.
 */
export const LiveProvider = ({ children }: { children: ReactNode }) => {
  const { identity, expired } = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (!identity || expired) return;
    const abort = new AbortController();
    const followUps = new FollowUps((queryKey) => void queryClient.invalidateQueries({ queryKey }));
    // routing announces a change once its work queue shows it: one re-read of the row is enough.
    const queueRows = new QueueRowRereads((ids) => rereadQueueRows(queryClient, ids));
    let lastEventId: string | null = null;
    let failures = 0;
    let everConnected = false;

    const connect = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        try {
          const token = accessToken();
          const response = await fetch(`${window.location.origin}/live`, {
            headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
            signal: abort.signal,
            cache: 'no-store',
          });
          // Until a service owns /live, the gateway answers it with the console page (or a 404).
          if (response.status === 404 || (response.ok && !response.headers.get('content-type')?.includes('text/event-stream'))) {
            setStatus('polling');
            return;
          }
          if (!response.ok || !response.body) throw new Error(`/live answered ${response.status}`);
          setStatus('up');
          if (everConnected) void queryClient.invalidateQueries();
          everConnected = true;
          failures = 0;
          const parser = new SseParser();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const event of parser.push(value)) {
              if (event.id) lastEventId = event.id;
              const change = event.event === 'change' ? parseChange(event.data) : null;
              if (change) for (const queryKey of staleKeysOf(change)) followUps.touch(queryKey);
              if (change && touchesQueueRow(change)) queueRows.touch(change.complaintId);
            }
          }
          throw new Error('/live ended');
        } catch {
          if (abort.signal.aborted) return;
          setStatus('down');
          await new Promise((done) => setTimeout(done, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]));
        }
      }
    };
    void connect();
    return () => {
      abort.abort();
      followUps.stop();
      queueRows.stop();
    };
  }, [identity, expired, queryClient]);

  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
};
