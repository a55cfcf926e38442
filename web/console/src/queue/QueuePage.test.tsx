import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ENGINEER, renderAs, route, serveApi } from '../test-support';
import QueuePage from './QueuePage';
import { workQueueItem } from './queue-fixtures';
import type { WorkQueueClock, WorkQueueItem } from './queue-data';

const clock = (kind: string, deadline: string, partial: Partial<WorkQueueClock> = {}): WorkQueueClock => ({
  clockId: `${kind}#1`,
  kind,
  state: 'running',
  deadline,
  warningAt: null,
  pausedReason: null,
  ...partial,
});

const item = (caseNumber: string, clocks: WorkQueueClock[], assigneeStaffId: string | null = 'sh01-engineering-1'): WorkQueueItem => {
  const nearestDeadline = clocks.filter((each) => each.state === 'running').map((each) => each.deadline).sort()[0] ?? null;
  return workQueueItem(`id-${caseNumber}`, { caseNumber, complainantType: 'customer', summary: '扶梯', assigneeStaffId, nearestDeadline, clocks });
};

const page = (items: WorkQueueItem[], total: number, offset: number, nextOffset: number | null) => ({ items, total, limit: 200, offset, nextOffset });

describe('the work queue', () => {
  it('reads my queue from routing in a small page then large ones, in its order, graded from the row’s own clocks', async () => {
    const near = new Date(Date.now() + 3_600_000).toISOString();
    const far = new Date(Date.now() + 86_400_000).toISOString();
    const warned = new Date(Date.now() - 60_000).toISOString();
    const requests = serveApi((request) => {
      const url = new URL(request.url);
      if (url.pathname !== '/cases/queues/mine') return undefined;
      return url.searchParams.get('offset') === '0'
        ? { status: 200, body: page([item('SH01-20261202-0002', [clock('first-reply', near, { warningAt: warned })])], 2, 0, 1) }
        : { status: 200, body: page([item('SH01-20261202-0001', [clock('resolve-general', far), clock('forward-to-responsible', near, { state: 'met' })])], 2, 1, null) };
    });
    renderAs(ENGINEER, <QueuePage />);
    await waitFor(() => expect(screen.getByTestId('queue-count')).toHaveTextContent('已加载 2 / 2 条'));
    const first = requests.find((request) => request.path === '/cases/queues/mine');
    expect(first?.search).toContain('status=open');
    // A small first read fills the screen; the rest comes in large reads.
    expect(first?.search).toContain('limit=100');
    expect(requests.filter((request) => request.path === '/cases/queues/mine')[1]?.search).toContain('limit=1000&offset=1');
    const rows = await screen.findAllByText(/SH01-20261202-000\d/);
    expect(rows.map((row) => row.textContent)).toEqual(['SH01-20261202-0002', 'SH01-20261202-0001']);
    expect(document.querySelectorAll('[data-grade="at-risk"]')).toHaveLength(1);
    expect(document.querySelectorAll('[data-grade="normal"]')).toHaveLength(1);
    // No clock list is read in the browser: the rows carry their clocks.
    expect(requests.some((request) => request.path.startsWith('/clocks'))).toBe(false);

    // Hovering the countdown lists every clock of the case, the met one too.
    fireEvent.mouseEnter(document.querySelectorAll('[data-grade]')[1]);
    const list = await screen.findByTestId('clock-list');
    expect(list).toHaveTextContent('已达成');
    expect(list.querySelectorAll('li')).toHaveLength(2);
  });

  it('asks routing for the unassigned view and passes the filters to it', async () => {
    const requests = serveApi(
      route('GET', /^\/cases\/queues\/unassigned$/, 200, page([item('SH01-20261202-0003', [], null)], 1, 0, null)),
      route('GET', /^\/cases\/queues\/mine$/, 200, page([], 0, 0, null)),
    );
    renderAs(ENGINEER, <QueuePage />);
    await userEvent.click(screen.getByRole('tab', { name: '未分派' }));
    expect(await screen.findByText('SH01-20261202-0003')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: '只看超时' }));
    await waitFor(() => expect(requests.some((request) => request.path === '/cases/queues/unassigned' && request.search.includes('overdue=true'))).toBe(true));
  });
});
