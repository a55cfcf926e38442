import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ENGINEER, renderAs, route, serveApi } from '../test-support';
import QueuePage from './QueuePage';
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
  return {
    complaintId: `id-${caseNumber}`,
    caseNumber,
    mallId: 'SH01',
    kind: 'complaint',
    category: 'engineering-equipment',
    channel: 'walk-in',
    complainantType: 'customer',
    collective: false,
    memberOfCollectiveId: null,
    written: false,
    summary: '扶梯',
    status: 'routed',
    severity: null,
    validity: null,
    responsibility: null,
    owningDepartmentId: 'engineering',
    handlingDepartmentId: 'engineering',
    assigneeStaffId,
    assistingDepartmentIds: [],
    mediaRisk: false,
    repeatCount: 0,
    receivedAt: '2026-12-02T01:00:00Z',
    resolvedAt: null,
    dueAt: nearestDeadline,
    nearestDeadline,
    overdue: false,
    grade: 'normal',
    clocks,
    version: 1,
    updatedAt: '2026-12-02T01:00:00Z',
  };
};

const page = (items: WorkQueueItem[], total: number, offset: number, nextOffset: number | null) => ({ items, total, limit: 200, offset, nextOffset });

describe('the work queue', () => {
  it('reads my queue from routing page after page, in its order, graded from the row’s own clocks', async () => {
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
    expect(first?.search).toContain('limit=200');
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
