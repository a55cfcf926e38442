import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveApi } from '../test-support';
import { workQueueRow } from './queue-fixtures';
import { appendPage, mergeRows, QueueRowRereads, queueKeyOf, rereadQueueRows, rowOf, type QueueData, type WorkQueueRow } from './queue-rows';

const HOUR = 3_600_000;
const base = Date.parse('2026-12-02T02:00:00Z');

const item = (id: string, dueInHours: number | null, partial: Partial<WorkQueueRow> = {}): WorkQueueRow => {
  const nearestDeadline = dueInHours === null ? null : new Date(base + dueInHours * HOUR).toISOString();
  const clocks: WorkQueueRow['clocks'] = nearestDeadline ? [{ kind: 'resolve-general', state: 'running', deadline: nearestDeadline }] : [];
  return workQueueRow(id, { nearestDeadline, clocks, ...partial });
};
const queueOf = (...items: WorkQueueRow[]): QueueData => ({ rows: items.map(rowOf), total: items.length, complete: true });
const ids = (data: QueueData) => data.rows.map((row) => row.complaintId);

afterEach(() => {
  vi.useRealTimers();
});

describe('a work queue held whole in the browser', () => {
  it('puts a re-read row where routing’s order puts it, drops one the view no longer holds, adds a new one', () => {
    const queue = queueOf(item('a', 1), item('b', 2), item('c', 3), item('d', null));
    // b's deadline moved past c's; c left the view (resolved elsewhere); e arrived; a unchanged and not asked.
    const after = mergeRows(queue, ['b', 'c', 'e'], [item('b', 5), item('e', 0.5)].map(rowOf));
    expect(ids(after)).toEqual(['e', 'a', 'b', 'd']);
    expect(after.total).toBe(4);
    expect(after.rows.find((row) => row.complaintId === 'b')?.nearestDeadline).toBe(new Date(base + 5 * HOUR).toISOString());
    // Same deadline: received first, then id, as routing sorts; resolved ones last.
    const ties = mergeRows(queueOf(item('m', 1, { receivedAt: '2026-12-02T00:30:00Z' })), ['k', 'z'], [item('z', 1, { receivedAt: '2026-12-02T00:00:00Z' }), item('k', 0, { status: 'resolved' })].map(rowOf));
    expect(ids(ties)).toEqual(['z', 'm', 'k']);
  });

  it('appends a page without doubling a row re-read meanwhile', () => {
    const first = appendPage({ rows: [], total: 0, complete: false }, [item('a', 1), item('b', 2)].map(rowOf), 4, false);
    const second = appendPage(first, [item('b', 2), item('c', 3), item('d', 4)].map(rowOf), 4, true);
    expect(ids(second)).toEqual(['a', 'b', 'c', 'd']);
    expect(second).toMatchObject({ total: 4, complete: true });
  });

  it('re-reads only the touched rows of a queue on screen, and marks a queue not on screen stale', async () => {
    const requests = serveApi((request) => {
      const url = new URL(request.url);
      if (url.pathname !== '/cases/queues/department') return undefined;
      return { status: 200, body: { items: [item('b', 0.5)], total: 1, limit: 2, offset: 0, nextOffset: null } };
    });
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    const onScreen = queueKeyOf('department', { departmentId: 'engineering' }, {});
    const offScreen = queueKeyOf('mine', { departmentId: 'engineering' }, {});
    client.setQueryData(onScreen, queueOf(item('a', 1), item('b', 2), item('c', 3)));
    client.setQueryData(offScreen, queueOf(item('b', 2)));
    const observer = new QueryObserver(client, { queryKey: onScreen, queryFn: () => Promise.reject(new Error('a whole read is not expected')), structuralSharing: false });
    const unsubscribe = observer.subscribe(() => undefined);

    await rereadQueueRows(client, ['b', 'c']);
    unsubscribe();

    expect(requests.map((request) => [request.path, new URLSearchParams(request.search).get('complaintIds')])).toEqual([['/cases/queues/department', 'b,c']]);
    expect(ids(client.getQueryData<QueueData>(onScreen) as QueueData)).toEqual(['b', 'a']);
    expect(client.getQueryState(offScreen)?.isInvalidated).toBe(true);
    expect(client.getQueryState(onScreen)?.isInvalidated).toBe(false);
  });

  it('batches the cases live changes touch and reads each batch once (routing announces a change once its queue has it)', async () => {
    vi.useFakeTimers();
    const batches: string[][] = [];
    const rereads = new QueueRowRereads(async (touched) => void batches.push(touched.sort()), 200);
    rereads.touch('a');
    rereads.touch('b');
    rereads.touch('a');
    await vi.advanceTimersByTimeAsync(250);
    expect(batches).toEqual([['a', 'b']]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(batches).toEqual([['a', 'b']]);
    rereads.touch('c');
    rereads.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(batches).toHaveLength(1);
  });
});
