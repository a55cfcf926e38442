import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderAs, route, serveApi } from '../test-support';
import { trendOf, trendOption } from '../reports/month-data';
import { twelveMonthsTo } from '../reports/format';
import { counts, figures } from '../reports/fixtures';
import type { MallMonthlyReport, MallPeriodReport } from '../reports/report-types';
import MonthPage from './MonthPage';
import { GM } from './fixtures';

const REPORT: MallMonthlyReport = {
  mallId: 'SH01',
  mallName: '上海一号店',
  mallNameEn: 'Shanghai One',
  timeZone: 'Asia/Shanghai',
  month: '2026-11',
  asOf: '2026-12-02T02:00:00Z',
  figures: figures(12),
  counts: counts({
    byCategory: [{ key: 'engineering-equipment', count: 7, share: 7 / 12 }, { key: 'unknown', count: 5, share: 5 / 12 }],
    byChannel: [{ key: 'walk-in', count: 12, share: 1 }],
    byHandlingDepartment: [{ key: 'engineering', count: 12, share: 1 }],
  }),
  previousMonth: { period: '2026-10', figures: figures(10), counts: counts() },
  sameMonthLastYear: null,
  hotSpots: [{ category: 'engineering-equipment', subject: '3号扶梯', cases: 3, registrations: 5, caseNumbers: [], firstReceivedAt: '2026-11-02T01:00:00Z', lastReceivedAt: '2026-11-20T01:00:00Z' }],
  overdueCases: [],
  escalatedCases: [],
  satisfactionComments: [{ complaintId: 'c1', caseNumber: 'SH01-20261103-0001', satisfaction: 'satisfied', comment: '师傅很快修好', calledBackAt: null }],
  targets: [
    { id: 'response-within-24h', threshold: 0.95, rate: null, met: null, stretch: false },
    { id: 'closure-rate', threshold: 0.95, rate: 8 / 12, met: false, stretch: false },
    { id: 'closure-rate-stretch', threshold: 0.98, rate: 8 / 12, met: false, stretch: true },
    { id: 'satisfaction-rate', threshold: 0.9, rate: 7 / 8, met: false, stretch: false },
    { id: 'data-completeness', threshold: 1, rate: 1, met: true, stretch: false },
  ],
  footnotes: [],
};

const year = (value: string, months: string[]): MallPeriodReport => ({
  mallId: 'SH01',
  mallName: '上海一号店',
  period: value,
  periodKind: 'year',
  months,
  asOf: REPORT.asOf,
  figures: figures(12),
  counts: counts(),
  byMonth: months.map((month, index) => ({ month, figures: figures(10 + index) })),
  targets: [],
  footnotes: [],
});

describe('the monthly page', () => {
  it('shows the report API’s figures as they are, each target met or missed, and its definitions', async () => {
    const requests = serveApi(
      route('GET', /\/analytics\/malls\/SH01\/reports\/monthly$/, 200, REPORT),
      (request) => {
        const url = new URL(request.url);
        if (!url.pathname.endsWith('/reports/rollup')) return undefined;
        const value = url.searchParams.get('year') ?? '';
        return { status: 200, body: year(value, Array.from({ length: 12 }, (_, index) => `${value}-${String(index + 1).padStart(2, '0')}`)) };
      },
      route('GET', /\/analytics\/malls\/SH01\/cases$/, 200, { mallId: 'SH01', period: '2026-11', total: 0, limit: 20, offset: 0, rows: [] }),
    );
    renderAs(
      GM,
      <Routes>
        <Route path="/malls/:mallId/month" element={<MonthPage />} />
      </Routes>,
      '/malls/SH01/month?month=2026-11',
    );
    const rates = await screen.findByTestId('rates', {}, { timeout: 10_000 });
    const cell = (figure: string) => rates.querySelector(`[data-figure="${figure}"]`)?.textContent;
    expect(cell('handlingRate')).toBe('75.0%');
    expect(cell('satisfactionRate')).toBe('87.5%');
    // No denominator: no value, not 0 % or 100 %.
    expect(cell('responseWithin24h')).toBe('—');
    expect(rates.querySelector('[data-target="data-completeness"]')?.getAttribute('data-met')).toBe('true');
    expect(rates.querySelector('[data-target="satisfaction-rate"]')?.textContent).toBe('未达标');
    expect(document.querySelector('[data-figure="received"]')?.textContent).toBe('12');
    expect(document.querySelector('[data-figure="timeToResolve.average"]')?.textContent).toBe('25.0 小时');
    expect(within(rates).getAllByText('处理率')[0]).toHaveAttribute('data-definition', 'handlingRate');
    expect(screen.getByText('3号扶梯')).toBeInTheDocument();
    expect(screen.getByText(/师傅很快修好/)).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '近 12 个月趋势图表' })).toBeInTheDocument();
    await waitFor(() => expect(requests.filter((request) => request.path.endsWith('/reports/rollup')).map((request) => request.search).sort()).toEqual(['?year=2025', '?year=2026']));
  });
});

describe('the 12-month trend', () => {
  it('takes each month from the yearly roll-up it belongs to, and leaves a month without figures empty', () => {
    const months = twelveMonthsTo('2026-03');
    expect(months[0]).toBe('2025-04');
    expect(months[11]).toBe('2026-03');
    const trend = trendOf(months, [year('2025', ['2025-04', '2025-12']), year('2026', ['2026-01'])]);
    expect(trend.map((entry) => entry.figures?.received ?? null)).toEqual([10, null, null, null, null, null, null, null, 11, 10, null, null]);
    const option = trendOption(trend, { rate: (key) => key, received: 'received' }) as { series: { name: string; data: (number | null)[] }[] };
    expect(option.series.find((series) => series.name === 'handlingRate')?.data[0]).toBe(90);
  });
});
