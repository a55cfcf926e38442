import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ENGINEER, renderAs, route, serveApi } from '../test-support';
import QueuePage from './QueuePage';
import { workQueueRow } from './queue-fixtures';
import type { WorkQueueRow, WorkQueueRowClock } from './queue-data';

const clock = (kind: string, deadline: string, partial: Partial<WorkQueueRowClock> = {}): WorkQueueRowClock => ({ kind, state: 'running', deadline, ...partial });

const item = (caseNumber: string, clocks: WorkQueueRowClock[], assigneeStaffId: string | null = 'sh01-engineering-1'): WorkQueueRow => {
  const nearestDeadline = clocks.filter((each) => each.state === 'running').map((each) => each.deadline).sort()[0] ?? null;
  return workQueueRow(`id-${caseNumber}`, { caseNumber, summary: '扶梯', assigneeStaffId, nearestDeadline, clocks });
};

const page = (items: WorkQueueRow[], total: number, offset: number, nextOffset: number | null) => ({ items, total, limit: 200, offset, nextOffset });

describe('the work queue', () => {
  it('reads my queue from routing in a small page then large ones, in its order, graded from the row’s own clocks', async () => {
    const near = new Date(Date.now() + 3_600_000).toISOString();
    const far = new Date(Date.now() + 86_400_000).toISOString();
    const warned = new Date(Date.now() - 60_000).toISOString();
    // The case's every clock, met ones too, from sla-monitor: read when its countdown is hovered.
    const clockView = (clockId: string, status: string, dueAt: string) => ({ clockId, kind: clockId.split('#')[0], status, dueAt, warnAt: [], pauseReason: null, breachedAt: null, metAt: null });
    const requests = serveApi(
      (request) => {
        const url = new URL(request.url);
        if (url.pathname !== '/cases/queues/mine') return undefined;
        return url.searchParams.get('offset') === '0'
          ? { status: 200, body: page([item('SH01-20261202-0002', [clock('first-reply', near, { warningAt: warned })])], 2, 0, 1) }
          : { status: 200, body: page([item('SH01-20261202-0001', [clock('resolve-general', far)])], 2, 1, null) };
      },
      route('GET', /^\/clocks\/id-SH01-20261202-0001$/, 200, {
        complaintId: 'id-SH01-20261202-0001',
        clocks: [clockView('resolve-general#1', 'running', far), clockView('forward-to-responsible#1', 'met', near)],
      }),
    );
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
    // No clock list is read to grade the rows: they carry their open clocks.
    expect(requests.some((request) => request.path.startsWith('/clocks'))).toBe(false);

    // Hovering the countdown lists every clock of the case, the met one too (read then).
    fireEvent.mouseEnter(document.querySelectorAll('[data-grade]')[1]);
    await waitFor(() => expect(screen.getByTestId('clock-list')).toHaveTextContent('已达成'));
    expect(screen.getByTestId('clock-list').querySelectorAll('li')).toHaveLength(2);
  });

  it('puts only the rows in view (and a few beyond) in the page, placed by index, and follows the scroll', async () => {
    const due = (n: number) => new Date(Date.now() + (n + 1) * 60_000).toISOString();
    const items = Array.from({ length: 600 }, (_, n) => item(`SH01-20261202-${String(n).padStart(4, '0')}`, [clock('resolve-general', due(n))]));
    serveApi(route('GET', /^\/cases\/queues\/mine$/, 200, page(items, 600, 0, null)));
    renderAs(ENGINEER, <QueuePage />);
    await waitFor(() => expect(screen.getByTestId('queue-count')).toHaveTextContent('已加载 600 / 600 条'));
    const shown = () => [...document.querySelectorAll<HTMLElement>('.queue-row')].map((row) => Number(row.getAttribute('aria-rowindex')) - 2);
    expect(shown().length).toBeLessThan(40);
    expect(Math.min(...shown())).toBe(0);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '601');
    const holder = document.querySelector<HTMLElement>('.queue-holder') as HTMLElement;
    holder.scrollTop = 47 * 400;
    fireEvent.scroll(holder);
    await waitFor(() => expect(shown()).toContain(400));
    expect(shown().length).toBeLessThan(40);
    expect(screen.getByText('SH01-20261202-0400').closest('.queue-row')).toHaveStyle({ top: `${47 * 400}px` });
  });

  it('names the assignee by the staff directory, by id while the directory does not know them', async () => {
    serveApi(
      route('GET', /^\/cases\/queues\/mine$/, 200, page([item('SH01-20261202-0004', [], 'sh01-engineering-1'), item('SH01-20261202-0005', [], 'sh01-engineering-9')], 2, 0, null)),
      route('GET', /^\/admin\/staff$/, 200, { items: [{ staffId: 'sh01-engineering-1', name: '钱志强', mallId: 'SH01', departmentId: 'engineering', active: true }] }),
    );
    renderAs(ENGINEER, <QueuePage />);
    const named = await screen.findByText('钱志强');
    expect(named.closest('.queue-row')).toHaveAttribute('data-row-key', 'id-SH01-20261202-0004');
    expect(screen.getByText('sh01-engineering-9').closest('.queue-row')).toHaveAttribute('data-row-key', 'id-SH01-20261202-0005');
    expect(screen.queryByText('sh01-engineering-1')).toBeNull();
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
