import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { GM } from '../gm/fixtures';
import { renderAs, route, serveApi } from '../test-support';
import GroupPolicyPage from './GroupPolicyPage';
import MallPolicyPage from './MallPolicyPage';
import PolicyHistoryPage, { readable } from './PolicyHistoryPage';
import type { PolicyView } from './policy-data';

const POLICY: PolicyView = {
  version: 'sample-group-r3',
  revision: 3,
  effectiveFrom: '2026-12-01T00:00:00Z',
  group: { id: 'sample-group', name: '样例集团', nameEn: 'Sample Group' },
  timeZone: 'Asia/Shanghai',
  departments: ['engineering'],
  owningDepartmentByComplainantType: [],
  handlingDepartmentRules: [],
  severity: { collective: 'critical', repeatCountForMajor: 2, channels: [], unresolvedUpgrade: { after: { amount: 3, unit: 'days' }, to: 'major' } },
  collective: { windowMinutes: 120, minDistinctTenants: 5 },
  repeat: { lookbackDays: 30 },
  callback: { within: { amount: 2, unit: 'working-days' }, grumblingWithin: { amount: 3, unit: 'hours' }, maxFailedAttempts: 3 },
  clocks: [{ kind: 'forward-to-responsible', startsOn: 'ComplaintRegistered', metOn: 'CaseRouted', target: { amount: 10, unit: 'minutes' }, warnAtPercent: [50] }],
  escalation: { ladder: ['department-manager', 'director', 'mall-gm', 'group-hq'], every: { amount: 4, unit: 'hours' } },
  malls: [{ id: 'SH01', name: 'Shanghai One', nameEn: 'Shanghai One', city: 'Shanghai', timeZone: 'Asia/Shanghai', enabledChannels: [], departments: [{ id: 'engineering', name: 'eng', nameEn: 'eng', managerStaffId: null, roster: [] }] }],
  staff: [{ id: 'sh01-engineering-1', name: 'Qian', roles: ['department-handler'], mallId: 'SH01', departmentId: 'engineering', active: true }],
};

const page = (
  <Routes>
    <Route path="/admin/malls/:mallId" element={<MallPolicyPage />} />
  </Routes>
);

describe('a mall’s settings as forms', () => {
  it('shows the API’s field errors next to their fields in Chinese, then saves a valid change as a new version', async () => {
    let attempt = 0;
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), (request) => {
      if (request.method !== 'PATCH' || !new URL(request.url).pathname.endsWith('/admin/malls/SH01/settings')) return undefined;
      attempt += 1;
      return attempt === 1
        ? { status: 400, body: { status: 400, title: 'Bad Request', errors: [{ field: 'collective.windowMinutes', messages: ['windowMinutes must not be less than 1'] }] } }
        : { status: 200, body: { changed: true, version: 'sample-group-r4', effectiveFrom: '2026-12-02T00:00:00Z', summary: 'settings of mall SH01 changed (collective)' } };
    });
    renderAs(GM, page, '/admin/malls/SH01');
    const form = await screen.findByRole('form', { name: '集体投诉判定' }, { timeout: 10_000 });
    const window = within(form).getByLabelText('时间窗口（分钟）');
    expect(window).toHaveValue('120');
    await userEvent.clear(window);
    await userEvent.type(window, '0');
    await userEvent.click(within(form).getByRole('button', { name: /保\s?存/ }));
    expect(await within(form).findByText('时间窗口须为 1 至 10080 之间的整数（分钟）')).toBeInTheDocument();

    await userEvent.clear(window);
    await userEvent.type(window, '30');
    await userEvent.click(within(form).getByRole('button', { name: /保\s?存/ }));
    expect(await within(form).findByText('已保存，新规则版本 sample-group-r4')).toBeInTheDocument();
    const patches = requests.filter((request) => request.method === 'PATCH');
    // Only the section saved is sent: the other settings stay as they are.
    expect(patches.map((request) => request.body)).toEqual([{ collective: { windowMinutes: 0, minDistinctTenants: 5 } }, { collective: { windowMinutes: 30, minDistinctTenants: 5 } }]);
  });

  it('lists the mall’s staff with their roles, and the group’s clocks', async () => {
    serveApi(route('GET', /\/admin\/policy$/, 200, POLICY));
    renderAs(GM, page, '/admin/malls/SH01');
    await userEvent.click(await screen.findByRole('tab', { name: '员工与角色' }, { timeout: 10_000 }));
    expect(await screen.findByText('sh01-engineering-1')).toBeInTheDocument();
    expect(screen.getByText('部门处理人')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: '时限与预警' }));
    const clocks = await screen.findByTestId('clocks');
    expect(within(clocks).getByText('10 分钟')).toBeInTheDocument();
    expect(within(clocks).getByText('50%')).toBeInTheDocument();
  });
});

describe('the clocks', () => {
  it('let a group admin change a clock’s duration and warning point; a GM only reads them', async () => {
    const ADMIN = { staffId: 'hq-admin', name: 'Wu', roles: ['group-admin' as const], mallId: null, departmentId: null };
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), route('PATCH', /\/admin\/clocks\/forward-to-responsible$/, 200, { changed: true, version: 'sample-group-r4', effectiveFrom: '', summary: '' }));
    const { unmount } = renderAs(GM, page, '/admin/malls/SH01');
    await userEvent.click(await screen.findByRole('tab', { name: '时限与预警' }, { timeout: 10_000 }));
    expect(within(await screen.findByTestId('clocks')).queryByRole('button')).not.toBeInTheDocument();
    unmount();
    renderAs(ADMIN, page, '/admin/malls/SH01');
    await userEvent.click(await screen.findByRole('tab', { name: '时限与预警' }, { timeout: 10_000 }));
    await userEvent.click(await screen.findByRole('button', { name: '修改时限：转派时限' }));
    const dialog = await screen.findByRole('dialog');
    const amount = within(dialog).getByLabelText('时长');
    await userEvent.clear(amount);
    await userEvent.type(amount, '15');
    await userEvent.click(within(dialog).getByRole('button', { name: /保\s?存/ }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'PATCH').map((request) => request.body)).toEqual([{ target: { amount: 15, unit: 'minutes' }, warnAtPercent: [50] }]));
  });
});

describe('the policy history', () => {
  it('shows who changed what, when, from when, and each difference before and after', async () => {
    serveApi(
      route('GET', /\/admin\/policy\/history$/, 200, {
        total: 1,
        limit: 20,
        offset: 0,
        items: [
          {
            version: 'sample-group-r2',
            revision: 2,
            previousVersion: 'sample-group-r1',
            effectiveFrom: '2026-12-02T02:00:00Z',
            changedAt: '2026-12-02T02:00:00Z',
            changedBy: 'hq-admin',
            kind: 'mall-settings',
            mallId: 'GZ01',
            staffId: null,
            summary: 'settings of mall GZ01 changed (collective)',
            differences: [{ path: 'malls[GZ01].settings.collective.windowMinutes', before: 180, after: 30 }],
          },
        ],
      }),
    );
    renderAs(GM, <PolicyHistoryPage />);
    const entry = await screen.findByText('malls[GZ01].settings.collective.windowMinutes', {}, { timeout: 10_000 });
    expect(entry.closest('li')).toHaveTextContent('180 → 30');
    expect(screen.getByText('hq-admin 于 2026-12-02 10:00 修改，自 2026-12-02 10:00 起生效')).toBeInTheDocument();
    expect(screen.getByText('商场设置')).toBeInTheDocument();
  });

  it('names the group page’s first tab for the group-wide settings, not a mall’s', async () => {
    serveApi(route('GET', /\/admin\/policy$/, 200, POLICY));
    renderAs({ ...GM, staffId: 'hq-admin', roles: ['group-admin'], mallId: null }, <GroupPolicyPage />, '/admin/group');
    expect(await screen.findByRole('tab', { name: '集团通用设置' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '商场设置' })).toBeNull();
  });

  it('reads absent values as a dash and structures as JSON', () => {
    expect([readable(null), readable('x'), readable(['a'])]).toEqual(['—', 'x', '["a"]']);
  });
});
