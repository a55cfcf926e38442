import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../api/views';
import { ENGINEER, renderAs, route, serveApi } from '../test-support';
import QueuePage from './QueuePage';

const item = (caseNumber: string, dueAt: string | null, assigneeStaffId: string | null = 'sh01-engineering-1'): QueueItem => ({
  complaintId: `id-${caseNumber}`,
  caseNumber,
  mallId: 'SH01',
  kind: 'complaint',
  category: 'engineering-equipment',
  channel: 'walk-in',
  summary: '扶梯',
  status: 'routed',
  severity: null,
  handlingDepartmentId: 'engineering',
  assigneeStaffId,
  receivedAt: '2026-12-02T01:00:00Z',
  dueAt,
  overdue: false,
  version: 1,
});

describe('the work queue', () => {
  it('asks the API for my cases, reads every page, and puts the nearest deadline first', async () => {
    const far = new Date(Date.now() + 86_400_000).toISOString();
    const near = new Date(Date.now() + 3_600_000).toISOString();
    const requests = serveApi(
      (request) => {
        const url = new URL(request.url);
        if (url.pathname !== '/cases') return undefined;
        return url.searchParams.get('offset') === '0'
          ? { status: 200, body: { items: [item('SH01-20261202-0001', far)], total: 2, nextOffset: 1 } }
          : { status: 200, body: { items: [item('SH01-20261202-0002', null)], total: 2, nextOffset: null } };
      },
      route('GET', /^\/clocks$/, 200, {
        items: [{ complaintId: 'id-SH01-20261202-0002', clockId: 'k', kind: 'resolve-general', state: 'warned', dueAt: near }],
        total: 1,
        nextOffset: null,
      }),
    );
    renderAs(ENGINEER, <QueuePage />);
    await waitFor(() => expect(screen.getByTestId('queue-count')).toHaveTextContent('已加载 2 / 2 条'));
    const first = requests.find((request) => request.path === '/cases');
    expect(first?.search).toContain('mine=true');
    expect(first?.search).toContain('status=open');
    const rows = await screen.findAllByText(/SH01-20261202-000\d/);
    expect(rows.map((row) => row.textContent)).toEqual(['SH01-20261202-0002', 'SH01-20261202-0001']);
    expect(document.querySelector('[data-grade="at-risk"]')).not.toBeNull();
  });

  it('shows the department’s unassigned cases on the unassigned tab', async () => {
    const requests = serveApi(
      route('GET', /^\/cases$/, 200, { items: [item('SH01-20261202-0003', null, null), item('SH01-20261202-0004', null)], total: 2, nextOffset: null }),
      route('GET', /^\/clocks$/, 200, { items: [], total: 0, nextOffset: null }),
    );
    renderAs(ENGINEER, <QueuePage />);
    await userEvent.click(screen.getByRole('tab', { name: '未分派' }));
    expect(await screen.findByText('SH01-20261202-0003')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('SH01-20261202-0004')).not.toBeInTheDocument());
    // The department's queue (no "mine"), the unassigned rows picked from it.
    await waitFor(() => expect(requests.some((request) => request.path === '/cases' && request.search.includes('departmentId=engineering') && !request.search.includes('mine'))).toBe(true));
  });
});
