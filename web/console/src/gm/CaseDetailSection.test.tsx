import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import '../i18n/steering';
import { isoWeekOf, weeksOf } from '../reports/format';
import { renderAs, route, serveApi } from '../test-support';
import { CaseDetailSection, detailFiltersOf } from './CaseDetailSection';
import { GM } from './fixtures';

const ROW = {
  complaintId: '00000000-0000-4000-8000-0000000000d1',
  caseNumber: 'SH01-20261103-0001',
  kind: 'complaint',
  category: 'engineering-equipment',
  channel: 'walk-in',
  severity: 'major',
  handlingDepartmentId: 'engineering',
  status: 'closed',
  receivedAt: '2026-11-03T02:00:00Z',
  satisfaction: 'satisfied',
};

describe('the weekly and monthly detail', () => {
  it('reads the month, then a week of it, with the report’s filters, and downloads what it shows', async () => {
    const requests = serveApi(route('GET', /\/analytics\/malls\/SH01\/cases$/, 200, { mallId: 'SH01', period: '2026-11', total: 1, limit: 20, offset: 0, rows: [ROW] }));
    const onDownload = vi.fn();
    renderAs(
      GM,
      <Routes>
        <Route path="/malls/:mallId/month" element={<CaseDetailSection mallId="SH01" month="2026-11" departments={['engineering', 'security']} onDownload={onDownload} now={new Date('2026-12-20T04:00:00Z')} />} />
      </Routes>,
      '/malls/SH01/month?month=2026-11',
    );
    const table = await screen.findByTestId('month-detail', {}, { timeout: 10_000 });
    await within(table).findByRole('link', { name: 'SH01-20261103-0001' });
    const detailReads = () => requests.filter((request) => request.path === '/analytics/malls/SH01/cases').map((request) => new URLSearchParams(request.search));
    expect(detailReads()[0].get('month')).toBe('2026-11');

    await userEvent.click(screen.getByRole('combobox', { name: '问题分类' }));
    await userEvent.click(await screen.findByText('工程设备', { selector: '.ant-select-item-option-content' }));
    await waitFor(() => expect(detailReads().at(-1)?.get('category')).toBe('engineering-equipment'));
    await userEvent.click(screen.getByRole('button', { name: /明细 CSV/ }));
    expect(onDownload).toHaveBeenLastCalledWith('/analytics/malls/SH01/exports/monthly-detail.csv?month=2026-11&category=engineering-equipment', 'SH01-2026-11.csv');

    // Not this week (December's): the month's first.
    await userEvent.click(screen.getByText('周报明细'));
    await waitFor(() => expect(detailReads().at(-1)?.get('week')).toBe('2026-W44'));
    expect(detailReads().at(-1)?.get('month')).toBeNull();
    expect(detailReads().at(-1)?.get('category')).toBe('engineering-equipment');
    await userEvent.click(screen.getByRole('combobox', { name: '周' }));
    await userEvent.click(await screen.findByText('2026-W46（2026-11-09 至 2026-11-15）'));
    await waitFor(() => expect(detailReads().at(-1)?.get('week')).toBe('2026-W46'));
    await userEvent.click(screen.getByRole('button', { name: /周报 Excel/ }));
    expect(onDownload).toHaveBeenLastCalledWith('/analytics/malls/SH01/exports/weekly.xlsx?week=2026-W46&category=engineering-equipment', 'SH01-2026-W46.xlsx');
  });

  it('takes from the address only filters analytics would accept', () => {
    expect(detailFiltersOf(new URLSearchParams('category=engineering-equipment&channel=carrier-pigeon&resolved=false&closed=maybe&handlingDepartmentId=security'))).toEqual({
      category: 'engineering-equipment',
      resolved: false,
      handlingDepartmentId: 'security',
    });
  });
});

describe('ISO weeks', () => {
  it('gives each day its ISO week, across the turn of the year', () => {
    expect(isoWeekOf(Date.UTC(2026, 0, 1))).toBe('2026-W01');
    expect(isoWeekOf(Date.UTC(2025, 11, 29))).toBe('2026-W01');
    expect(isoWeekOf(Date.UTC(2027, 0, 1))).toBe('2026-W53');
    expect(isoWeekOf(Date.UTC(2026, 10, 30))).toBe('2026-W49');
  });

  it('lists the weeks with a day in the month, Monday to Sunday', () => {
    const weeks = weeksOf('2026-11');
    expect(weeks.map((each) => each.week)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(weeks[0]).toEqual({ week: '2026-W44', from: '2026-10-26', to: '2026-11-01' });
  });
});
