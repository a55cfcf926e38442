import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderAs, route, serveApi } from '../test-support';
import MallCasesPage from './MallCasesPage';
import TodayPage from './TodayPage';
import { GM, mallCase } from './fixtures';
import { todayFigures, type MallCase } from './today-data';

const caseView = (row: MallCase, allowedCommands: string[]) => ({ ...row, allowedCommands, version: 3 });

const ROWS = [
  mallCase({ grade: 'breached', status: 'accepted' }),
  mallCase({ grade: 'breached', severity: 'general' }),
  mallCase({ grade: 'at-risk', severity: 'general', status: 'classified' }),
  mallCase({
    severity: 'major',
    status: 'classified',
    clocks: [
      { clockId: 'major-to-gm-same-day#1', kind: 'major-to-gm-same-day', state: 'running', deadline: '2026-12-02T16:00:00Z', warningAt: null, pausedReason: null },
      { clockId: 'major-to-hq-next-day#1', kind: 'major-to-hq-next-day', state: 'met', deadline: '2026-12-03T16:00:00Z', warningAt: null, pausedReason: null },
    ],
  }),
  mallCase({ written: true, status: 'resolution-proposed', severity: 'general' }),
  mallCase({ written: true, status: 'resolution-proposed', severity: 'general' }),
];

describe('the figures of Today', () => {
  it('counts every open case once by status and once by severity (unclassified apart)', () => {
    const figures = todayFigures(ROWS);
    expect(figures.open).toBe(6);
    expect(Object.values(figures.byStatus).reduce((a, b) => a + b, 0)).toBe(6);
    expect(Object.values(figures.bySeverity).reduce((a, b) => a + b, 0)).toBe(6);
    expect(figures.bySeverity).toEqual({ critical: 0, major: 1, general: 4, unclassified: 1 });
    expect(figures.breached).toBe(2);
    expect(figures.atRisk).toBe(1);
    expect(figures.major).toHaveLength(1);
  });
});

describe('the GM Today page', () => {
  const serve = () =>
    serveApi(
      (request) => {
        const url = new URL(request.url);
        if (url.pathname !== '/cases') return undefined;
        const offset = Number(url.searchParams.get('offset'));
        // Two pages: Today reads the mall's whole open list, not the first page.
        return offset === 0
          ? { status: 200, body: { items: ROWS.slice(0, 4), total: 6, limit: 200, offset: 0, nextOffset: 4 } }
          : { status: 200, body: { items: ROWS.slice(4), total: 6, limit: 200, offset: 4, nextOffset: null } };
      },
      route('GET', new RegExp(`/cases/${ROWS[4].complaintId}$`), 200, caseView(ROWS[4], ['ApproveWrittenReply', 'ResolveCase'])),
      route('GET', new RegExp(`/cases/${ROWS[5].complaintId}$`), 200, caseView(ROWS[5], ['ResolveCase'])),
      route('GET', /\/notifications\/inbox$/, 200, {
        items: [
          { id: '1', complaintId: ROWS[0].complaintId, caseNumber: ROWS[0].caseNumber, kind: 'escalation', rung: 'mall-gm', title: '', body: '', link: '', dueAt: null, createdAt: '2026-12-02T02:00:00Z', readAt: null },
          { id: '2', complaintId: ROWS[1].complaintId, caseNumber: ROWS[1].caseNumber, kind: 'callback-due', rung: 'mall-gm', title: '', body: '', link: '', dueAt: null, createdAt: '2026-12-02T02:00:00Z', readAt: null },
        ],
        unread: 2,
        total: 2,
        nextOffset: null,
      }),
    );

  const app = (
    <Routes>
      <Route path="/malls/:mallId/today" element={<TodayPage />} />
      <Route path="/malls/:mallId/cases" element={<MallCasesPage />} />
    </Routes>
  );

  it('shows every figure from the whole list, with the report clocks, my escalations and what awaits my approval', async () => {
    const requests = serve();
    renderAs(GM, app, '/malls/SH01/today');
    expect(await screen.findByRole('link', { name: '全部未解决 6' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '已超时 2' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '临近超时 1' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '重大 1' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '未定级 1' })).toBeInTheDocument();
    // Only the written case whose reply is not approved yet waits for the GM.
    expect(await screen.findByRole('link', { name: '待我审批 1' }, { timeout: 10_000 })).toBeInTheDocument();
    const major = screen.getByTestId('major-cases');
    expect(within(major).getByText(ROWS[3].caseNumber ?? '')).toBeInTheDocument();
    expect(within(major).getByText('计时中')).toBeInTheDocument();
    expect(within(major).getByText('已达成')).toBeInTheDocument();
    // An escalation names me; a callback reminder is not one.
    const named = screen.getByTestId('named-me');
    expect(within(named).getByText(ROWS[0].caseNumber ?? '')).toBeInTheDocument();
    expect(within(named).queryByText(ROWS[1].caseNumber ?? '')).not.toBeInTheDocument();
    expect(requests.filter((request) => request.path === '/cases').map((request) => new URLSearchParams(request.search).get('mallId'))).toEqual(['SH01', 'SH01']);
  });

  it('opens the list behind a number: the same cases the number counted', async () => {
    serve();
    renderAs(GM, app, '/malls/SH01/today');
    await userEvent.click(await screen.findByRole('link', { name: '已超时 2' }, { timeout: 10_000 }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('已超时'));
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('link').map((link) => link.textContent)).toEqual([ROWS[0].caseNumber, ROWS[1].caseNumber]));
  });

  it('lists the cases awaiting approval behind that number', async () => {
    serve();
    renderAs(GM, app, '/malls/SH01/cases?approval=true');
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('link').map((link) => link.textContent)).toEqual([ROWS[4].caseNumber]));
  });
});
