/** A work queue held whole in the browser: read in a few pages, kept current by re-reading only the rows a live change touched. */
import { hashKey, type QueryClient } from '@tanstack/react-query';
import { body, routing } from '../api/client';
import type { components, operations } from '../api/generated/routing';
import type { Clock, Identity } from '../api/views';
import { deadlineOf } from './sla-grade';

export type QueueTab = 'mine' | 'department' | 'unassigned';

export type WorkQueueQuery = NonNullable<operations['WorkQueueController_department']['parameters']['query']>;
/** A row of routing's queue views: what the row shows and its open clocks (the case and every clock are read on hover or open). */
export type WorkQueueRow = components['schemas']['WorkQueueRowDto'];
export type WorkQueueRowClock = components['schemas']['WorkQueueRowClockDto'];
type WorkQueueRowPage = components['schemas']['WorkQueueRowPageDto'];
/** A case of GET /cases (the mall's queue of staff of no department): more than a row needs. */
type MallCase = components['schemas']['WorkQueueItemDto'];
type MallCasePage = components['schemas']['WorkQueuePageDto'];

export interface QueueFilters {
  status?: WorkQueueQuery['status'];
  severity?: WorkQueueQuery['severity'];
  category?: WorkQueueQuery['category'];
  overdue?: boolean;
}

/** A queue row: routing's, its clocks in the shape the countdown grades. */
export interface QueueRow extends Omit<WorkQueueRow, 'clocks'> {
  clocks: Clock[];
  deadline: number;
}

/** A whole queue as the screen holds it: rows in routing's order; `complete` once every page is read. */
export interface QueueData {
  rows: QueueRow[];
  total: number;
  complete: boolean;
}

/** The first read fills the screen quickly; the rest of the queue comes in a few large reads (routing allows 1000). */
export const FIRST_PAGE_SIZE = 100;
export const PAGE_SIZE = 1000;
/** routing re-reads at most this many named rows at once (`complaintIds`). */
const ROWS_PER_REREAD = 200;

/** routing's clock as the countdown reads it (one warning point: the policy's first; a case has one open clock of a kind). */
export const clockOf = (clock: WorkQueueRowClock): Clock => ({
  clockId: clock.kind,
  kind: clock.kind,
  state: clock.state,
  dueAt: clock.deadline,
  warnAt: clock.warningAt ? [clock.warningAt] : [],
  pauseReason: clock.pausedReason ?? null,
});

export const rowOf = (item: WorkQueueRow): QueueRow => {
  const clocks = item.clocks.map(clockOf);
  return { ...item, clocks, deadline: deadlineOf(clocks, item.nearestDeadline) };
};

/** A case of the mall's list as a queue row: its open clocks only, as the queue views send them. */
const rowOfMallCase = (item: MallCase): WorkQueueRow => ({
  complaintId: item.complaintId,
  caseNumber: item.caseNumber,
  status: item.status,
  severity: item.severity,
  category: item.category,
  assigneeStaffId: item.assigneeStaffId,
  summary: item.summary,
  receivedAt: item.receivedAt,
  nearestDeadline: item.nearestDeadline,
  clocks: item.clocks.flatMap(({ kind, state, deadline, warningAt, pausedReason }) =>
    state === 'met' ? [] : [{ kind, state, deadline, ...(warningAt ? { warningAt } : {}), ...(pausedReason ? { pausedReason } : {}) }],
  ),
});

export const queueQueryOf = (filters: QueueFilters): WorkQueueQuery => ({
  ...(filters.status ? { status: filters.status } : {}),
  ...(filters.category ? { category: filters.category } : {}),
  ...(filters.severity ? { severity: filters.severity } : {}),
  ...(filters.overdue ? { overdue: true } : {}),
});

const compare = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);
const instant = (iso: string | null): number => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** routing's order (work-queue.service: resolved last, nearest deadline, received, id), so a re-read row lands where a full read would put it. */
export const compareRows = (a: QueueRow, b: QueueRow): number =>
  compare(Number(a.status === 'resolved'), Number(b.status === 'resolved')) ||
  compare(instant(a.nearestDeadline), instant(b.nearestDeadline)) ||
  compare(instant(a.receivedAt), instant(b.receivedAt)) ||
  compare(a.complaintId, b.complaintId);

/**
 * The queue after re-reading the rows of `askedIds`: the ones routing still shows in this view
 * (`fresh`) replace or join the list in order, the others leave it. Linear: one merge of two sorted lists.
 */
export const mergeRows = (data: QueueData, askedIds: readonly string[], fresh: readonly QueueRow[]): QueueData => {
  const asked = new Set(askedIds);
  const kept = data.rows.filter((row) => !asked.has(row.complaintId));
  const incoming = fresh.filter((row) => asked.has(row.complaintId)).sort(compareRows);
  const rows: QueueRow[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < incoming.length) {
    if (j >= incoming.length || (i < kept.length && compareRows(kept[i], incoming[j]) <= 0)) rows.push(kept[i++]);
    else rows.push(incoming[j++]);
  }
  return { ...data, rows, total: Math.max(rows.length, data.total - (data.rows.length - kept.length) + incoming.length) };
};

/** Appends a page read after the ones already held; a row already there (re-read meanwhile) is not doubled. */
export const appendPage = (data: QueueData, page: readonly QueueRow[], total: number, complete: boolean): QueueData => {
  if (data.rows.length === 0) return { rows: [...page], total, complete };
  const held = new Set(data.rows.map((row) => row.complaintId));
  return { rows: data.rows.concat(page.filter((row) => !held.has(row.complaintId))), total, complete };
};

export type QueueKey = readonly ['queue', QueueTab, string, WorkQueueQuery];
export const queueKeyOf = (tab: QueueTab, identity: Pick<Identity, 'departmentId'>, query: WorkQueueQuery): QueueKey => ['queue', tab, identity.departmentId ?? 'mall', query];

/**
 * One read of a queue view. The department view needs a department: staff of none (director, GM)
 * read the mall's queue (GET /cases, the same rows, no category filter there: it is applied here).
 */
const readPage = async ([, tab, department, query]: QueueKey, paging: { limit: number; offset: number; complaintIds?: string }): Promise<WorkQueueRowPage> => {
  const paged = { params: { query: { ...query, ...paging } } };
  if (tab === 'mine') return body<WorkQueueRowPage>(routing.GET('/cases/queues/mine', paged));
  if (tab === 'unassigned') return body<WorkQueueRowPage>(routing.GET('/cases/queues/unassigned', paged));
  if (department !== 'mall') return body<WorkQueueRowPage>(routing.GET('/cases/queues/department', paged));
  const { category, ...mallQuery } = query;
  const page = await body<MallCasePage>(routing.GET('/cases', { params: { query: { status: 'open', ...mallQuery, ...paging } } }));
  return { ...page, items: (category ? page.items.filter((item) => item.category === category) : page.items).map(rowOfMallCase) };
};

/** The rows of `ids` this view holds now (those it no longer holds are simply not returned). */
const rereadRows = async (key: QueueKey, ids: readonly string[]): Promise<QueueRow[]> => {
  const rows: QueueRow[] = [];
  for (let at = 0; at < ids.length; at += ROWS_PER_REREAD) {
    const chunk = ids.slice(at, at + ROWS_PER_REREAD);
    const page = await readPage(key, { limit: chunk.length, offset: 0, complaintIds: chunk.join(',') });
    rows.push(...page.items.map(rowOf));
  }
  return rows;
};

/** Rows a live change touched while their queue was being (re)read: applied once the read is done. */
const touchedWhileLoading = new Map<string, Set<string>>();

/**
 * Reads a whole queue: a small first page (the screen is usable at once), then the rest in pages of
 * PAGE_SIZE, each derived once and appended; the first load shows each page as it comes, a reload
 * keeps showing the old rows until the new ones are complete. Bounded: at most total / PAGE_SIZE + 2 reads.
 */
export const loadQueue = async (queryClient: QueryClient, key: QueueKey): Promise<QueueData> => {
  const hash = hashKey(key);
  const touched = new Set<string>();
  touchedWhileLoading.set(hash, touched);
  try {
    const streaming = queryClient.getQueryData<QueueData>(key) === undefined;
    const first = await readPage(key, { limit: FIRST_PAGE_SIZE, offset: 0 });
    let data = appendPage({ rows: [], total: 0, complete: false }, first.items.map(rowOf), first.total, first.nextOffset === null);
    let next = first.nextOffset;
    for (let reads = 0; next !== null && reads <= Math.ceil(first.total / PAGE_SIZE) + 1; reads++) {
      if (streaming) queryClient.setQueryData(key, data);
      const page = await readPage(key, { limit: PAGE_SIZE, offset: next });
      next = page.nextOffset;
      data = appendPage(data, page.items.map(rowOf), page.total, next === null);
    }
    for (let rounds = 0; touched.size > 0 && rounds < 3; rounds++) {
      const ids = [...touched];
      touched.clear();
      data = mergeRows(data, ids, await rereadRows(key, ids));
    }
    return { ...data, complete: true };
  } finally {
    if (touchedWhileLoading.get(hash) === touched) touchedWhileLoading.delete(hash);
  }
};

/**
 * What a live change does to the queues held: an active one re-reads just the rows of the cases
 * changed (batched, one read per queue), one being read notes them for the end of its read, an
 * inactive one is marked stale and read again when shown.
 */
export const rereadQueueRows = async (queryClient: QueryClient, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return;
  const queries = queryClient.getQueryCache().findAll({ queryKey: ['queue'] });
  await Promise.all(
    queries.map(async (query) => {
      const key = query.queryKey as unknown as QueueKey;
      const loading = touchedWhileLoading.get(query.queryHash);
      if (loading) return void ids.forEach((id) => loading.add(id));
      const data = query.state.data as QueueData | undefined;
      if (!data || query.getObserversCount() === 0) return queryClient.invalidateQueries({ queryKey: key, exact: true, refetchType: 'none' });
      const fresh = await rereadRows(key, ids).catch(() => null);
      if (fresh === null) return queryClient.invalidateQueries({ queryKey: key, exact: true });
      queryClient.setQueryData<QueueData>(key, (current) => (current ? mergeRows(current, ids, fresh) : current));
    }),
  );
};


/**
 * Collects the cases live changes touched and re-reads their rows in batches (one read per queue
 * per batch, never two at once). Once: routing announces a change after its work queue has it.
 */
export class QueueRowRereads {
  private readonly pending = new Set<string>();
  private running = false;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly reread: (ids: string[]) => Promise<void>,
    private readonly batchMs = 200,
  ) {}

  touch(complaintId: string): void {
    this.pending.add(complaintId);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, this.batchMs);
  }

  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.pending.clear();
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.size > 0) {
        const ids = [...this.pending];
        this.pending.clear();
        await this.reread(ids).catch(() => undefined);
      }
    } finally {
      this.running = false;
    }
  }
}
