import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../api/views';
import { counts, figures } from '../reports/fixtures';
import type { HqRollup, HqRollupRow, TargetCheck } from '../reports/report-types';
import { renderAs, route, serveApi } from '../test-support';
import MallPeriodPage from './MallPeriodPage';
import PacksPage from './PacksPage';
import RollupPage, { drillPathOf } from './RollupPage';

const HQ: Identity = { staffId: 'hq-ops-1', name: 'Lin', roles: ['hq-operations'], mallId: null, departmentId: null };
const ADMIN: Identity = { staffId: 'hq-admin', name: 'Wu', roles: ['group-admin'], mallId: null, departmentId: null };

const targets = (met: boolean): TargetCheck[] => [
  { id: 'closure-rate', threshold: 0.95, rate: met ? 0.96 : 0.5, met, stretch: false },
  { id: 'satisfaction-rate', threshold: 0.9, rate: 0.875, met: false, stretch: false },
];
const mall = (mallId: string, rank: number, received: number): HqRollupRow => ({
  mallId,
  mallName: `Mall ${mallId}`,
  mallNameEn: null,
  figures: figures(received),
  counts: counts(),
  targets: targets(rank === 1),
  targetsMet: rank === 1 ? 1 : 0,
  targetsMissed: rank === 1 ? 1 : 2,
  rank,
  score: 1 / rank,
});

const ROLLUP: HqRollup = {
  period: '2026-Q4',
  periodKind: 'quarter',
  months: ['2026-10', '2026-11', '2026-12'],
  asOf: '2026-12-02T02:00:00Z',
  malls: [mall('SH01', 1, 12), mall('BJ01', 2, 20)],
  groupTotals: { figures: figures(32), counts: counts(), targets: targets(false) },
  rankingRule: '',
  footnotes: [],
};

describe('the HQ roll-up', () => {
  it('puts every mall side by side in rank order with its targets, the group totals above, each mall drilling into its months', async () => {
    const requests = serveApi(
      route('GET', /\/analytics\/hq\/rollup$/, 200, ROLLUP),
      route('GET', /\/analytics\/malls\/SH01\/reports\/rollup$/, 200, {
        mallId: 'SH01',
        mallName: 'Mall SH01',
        period: '2026-Q4',
        periodKind: 'quarter',
        months: ROLLUP.months,
        asOf: ROLLUP.asOf,
        figures: figures(12),
        byMonth: ROLLUP.months.map((month) => ({ month, figures: figures(12) })),
        targets: targets(true),
      }),
    );
    renderAs(
      HQ,
      <Routes>
        <Route path="/hq/rollup" element={<RollupPage />} />
        <Route path="/malls/:mallId/period" element={<MallPeriodPage />} />
      </Routes>,
      '/hq/rollup?quarter=2026-Q4',
    );
    const table = await screen.findByTestId('rollup-malls', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(table).getAllByRole('link').map((link) => link.textContent)).toEqual(['Mall SH01 (SH01)', 'Mall BJ01 (BJ01)']));
    expect(within(screen.getByTestId('group-totals')).getByText('32')).toBeInTheDocument();
    expect(requests.find((request) => request.path === '/analytics/hq/rollup')?.search).toBe('?quarter=2026-Q4');
    await userEvent.click(within(table).getByRole('link', { name: 'Mall SH01 (SH01)' }));
    const months = await screen.findByTestId('period-months', {}, { timeout: 10_000 });
    expect(within(months).getAllByRole('link').map((link) => [link.textContent, link.getAttribute('href')])).toEqual(ROLLUP.months.map((month) => [month, `/malls/SH01/month?month=${month}`]));
  });

  it('drills a month straight to the mall’s monthly page', () => {
    expect(drillPathOf('GZ01', { kind: 'month', value: '2026-11' })).toBe('/malls/GZ01/month?month=2026-11');
    expect(drillPathOf('GZ01', { kind: 'year', value: '2026' })).toBe('/malls/GZ01/period?year=2026');
  });
});

describe('the monthly packs', () => {
  const PACK = { id: 'p1', scope: 'hq', month: '2026-11', kind: 'hq-rollup-pdf', fileName: 'rollup.pdf', contentType: 'application/pdf', byteLength: 4096, figuresAsOf: '', trigger: 'schedule', producedAt: '2026-12-01T01:00:00Z' };

  it('lets a group admin run a month again, and HQ operations only list and download', async () => {
    const requests = serveApi(route('GET', /\/analytics\/packs$/, 200, { total: 1, limit: 50, offset: 0, packs: [PACK] }), route('POST', /\/analytics\/packs\/run$/, 200, { produced: [] }));
    const { unmount } = renderAs(HQ, <PacksPage />);
    expect(await screen.findByRole('button', { name: 'rollup.pdf' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重新生成' })).not.toBeInTheDocument();
    unmount();
    renderAs(ADMIN, <PacksPage />);
    await userEvent.click(await screen.findByRole('button', { name: /重新生成/ }));
    await waitFor(() => expect(requests.some((request) => request.method === 'POST' && request.path === '/analytics/packs/run' && request.search.includes('wait=true'))).toBe(true));
    expect(await screen.findByText(/报告包已生成/)).toBeInTheDocument();
  });
});
