import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../api/views';
import { renderAs, route, serveApi } from '../test-support';
import CaseLibraryPage from './CaseLibraryPage';

const HQ: Identity = { staffId: 'hq-ops-1', name: 'Lin', roles: ['hq-operations'], mallId: null, departmentId: null };
const CASE = '00000000-0000-4000-8000-0000000000c1';
const ENTRY = {
  complaintId: CASE,
  caseNumber: 'SH01-20261103-0007',
  mallId: 'SH01',
  kind: 'complaint',
  category: 'engineering-equipment',
  severity: 'major',
  note: '扶梯停运，半小时内抢修并致歉',
  markedBy: 'hq-ops-1',
  markedAt: '2026-11-20T02:00:00Z',
  receivedAt: '2026-11-03T02:00:00Z',
  resolvedAt: '2026-11-03T05:00:00Z',
  closedAt: '2026-11-05T02:00:00Z',
  satisfaction: 'satisfied',
};
const actor = { type: 'staff', id: 'sh01-engineering-1' };

describe('the case library', () => {
  it('searches by category and words, and opens an example with its whole timeline in words', async () => {
    const requests = serveApi(
      route('GET', /\/analytics\/case-library$/, 200, { items: [ENTRY], total: 1, limit: 20, offset: 0 }),
      route('GET', /\/admin\/staff$/, 200, { items: [{ staffId: 'sh01-engineering-1', name: '钱志强' }] }),
      route('GET', new RegExp(`/complaints/${CASE}/timeline$`), 200, {
        entries: [
          { eventId: 'e1', type: 'ComplaintRegistered', occurredAt: '2026-11-03T02:00:00Z', actor: { type: 'staff', id: 'sh01-desk-1' }, data: { kind: 'complaint', channel: 'walk-in' } },
          { eventId: 'e2', type: 'CaseResolved', occurredAt: '2026-11-03T05:00:00Z', actor, data: { resolution: '已修复' } },
        ],
      }),
    );
    renderAs(HQ, <CaseLibraryPage />, '/library');
    const list = await screen.findByTestId('library', {}, { timeout: 10_000 });
    await within(list).findByText('扶梯停运，半小时内抢修并致歉');

    await userEvent.click(screen.getByRole('combobox', { name: '问题分类' }));
    await userEvent.click(await screen.findByText('工程设备', { selector: '.ant-select-item-option-content' }));
    await userEvent.type(screen.getByRole('searchbox', { name: '搜索案例' }), '扶梯{Enter}');
    await waitFor(() => expect(requests.some((request) => request.path === '/analytics/case-library' && request.search.includes('category=engineering-equipment') && request.search.includes('q=%E6%89%B6%E6%A2%AF'))).toBe(true));

    await userEvent.click(within(list).getByRole('link', { name: 'SH01-20261103-0007' }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('案例 · SH01-20261103-0007')).toBeInTheDocument();
    const timeline = await within(drawer).findByTestId('example-timeline', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(timeline).getByText(/钱志强/)).toBeInTheDocument());
    expect(timeline.querySelectorAll('[data-event-type]')).toHaveLength(2);
  });
});
