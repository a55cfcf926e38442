import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../api/views';
import { GM } from '../gm/fixtures';
import { renderAs, route, serveApi } from '../test-support';
import AdminHomePage from './AdminHomePage';
import GroupPolicyPage from './GroupPolicyPage';
import MallPolicyPage from './MallPolicyPage';
import type { PolicyView } from './policy-data';

const ADMIN: Identity = { staffId: 'hq-admin', name: 'Wu', roles: ['group-admin'], mallId: null, departmentId: null };
const SAVED = { changed: true, version: 'sample-group-r4', effectiveFrom: '2026-12-02T00:00:00Z', summary: '' };
const refused = (...errors: { field: string; messages: string[] }[]) => ({ status: 400, body: { status: 400, title: 'Bad Request', errors } });

const POLICY: PolicyView = {
  version: 'sample-group-r3',
  revision: 3,
  effectiveFrom: '2026-12-01T00:00:00Z',
  group: { id: 'sample-group', name: '样例集团', nameEn: 'Sample Group' },
  timeZone: 'Asia/Shanghai',
  departments: ['operations', 'engineering'],
  owningDepartmentByComplainantType: [
    { id: 'owning-consumer', complainantType: 'consumer', departmentId: 'operations' },
    { id: 'owning-street-shop-tenant', complainantType: 'street-shop-tenant', departmentId: 'operations' },
    { id: 'owning-anchor-store', complainantType: 'anchor-store', departmentId: 'operations' },
    { id: 'owning-investor', complainantType: 'investor', departmentId: 'operations' },
    { id: 'owning-other', complainantType: 'other', departmentId: 'operations' },
  ],
  handlingDepartmentRules: [
    { id: 'route-engineering', categories: ['engineering-equipment'], departmentId: 'engineering' },
    { id: 'route-fallback', categories: ['*'], departmentId: 'operations' },
  ],
  severity: { collective: 'critical', repeatCountForMajor: 2, channels: [{ channel: 'media', severity: 'critical' }], unresolvedUpgrade: { after: { amount: 30, unit: 'days' }, to: 'major' } },
  collective: { windowMinutes: 120, minDistinctTenants: 5 },
  repeat: { lookbackDays: 30 },
  callback: { within: { amount: 2, unit: 'working-days' } },
  clocks: [],
  escalation: { ladder: ['department-manager'], every: { amount: 4, unit: 'hours' } },
  malls: [
    {
      id: 'SH01',
      name: '上海虹桥广场',
      nameEn: 'Shanghai Hongqiao Plaza',
      city: '上海',
      timeZone: 'Asia/Shanghai',
      enabledChannels: ['walk-in', 'phone'],
      calendar: { closures: [{ date: '2026-12-24', reason: '盘点停业' }] },
      departments: [
        { id: 'operations', name: '营运部', nameEn: 'Operations', managerStaffId: 'sh01-operations-mgr', roster: [] },
        { id: 'engineering', name: '工程部', nameEn: 'Engineering', managerStaffId: null, roster: [{ staffId: 'sh01-engineering-1', days: ['mon', 'tue'], from: '08:00', to: '16:00' }] },
      ],
    },
  ],
  staff: [
    { id: 'sh01-operations-mgr', name: '许明', roles: ['department-manager'], mallId: 'SH01', departmentId: 'operations', active: true },
    { id: 'sh01-engineering-1', name: '钱志强', roles: ['department-handler'], mallId: 'SH01', departmentId: 'engineering', active: true },
  ],
};

const mallPage = (
  <Routes>
    <Route path="/admin/malls/:mallId" element={<MallPolicyPage />} />
  </Routes>
);
const SAVE = /保\s?存/;
const puts = (requests: ReturnType<typeof serveApi>, path: string) => requests.filter((request) => request.method !== 'GET' && request.path === path).map((request) => request.body);

const openTab = async (name: string) => userEvent.click(await screen.findByRole('tab', { name }, { timeout: 10_000 }));

describe('the mall’s profile and calendar', () => {
  it('saves the profile; the API’s field errors appear next to their fields in Chinese', async () => {
    let attempt = 0;
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), (request) => {
      if (request.method !== 'PUT' || !request.url.endsWith('/admin/malls/SH01')) return undefined;
      attempt += 1;
      return attempt === 1 ? refused({ field: 'timeZone', messages: ['must be an IANA time zone such as Asia/Shanghai'] }) : { status: 200, body: SAVED };
    });
    renderAs(GM, mallPage, '/admin/malls/SH01');
    await openTab('商场资料与日历');
    const form = await screen.findByRole('form', { name: '商场资料' });
    const city = within(form).getByLabelText('城市');
    await userEvent.clear(city);
    await userEvent.type(city, '上海市');
    await userEvent.click(within(form).getByRole('checkbox', { name: '微信' }));
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('请选择有效的时区，如 Asia/Shanghai')).toBeInTheDocument();
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('已保存，新规则版本 sample-group-r4')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SH01')[1]).toEqual({ name: '上海虹桥广场', nameEn: 'Shanghai Hongqiao Plaza', city: '上海市', timeZone: 'Asia/Shanghai', enabledChannels: ['walk-in', 'phone', 'wechat'] });
  });

  it('adds a closure day, shows a refused date inline, and sends the dates as the mall’s wall calendar', async () => {
    let attempt = 0;
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), (request) => {
      if (request.method !== 'PUT' || !request.url.endsWith('/admin/malls/SH01/calendar')) return undefined;
      attempt += 1;
      return attempt === 1 ? refused({ field: 'closures.1.date', messages: ['2026-12-24 is listed twice'] }) : { status: 200, body: SAVED };
    });
    renderAs(GM, mallPage, '/admin/malls/SH01');
    await openTab('商场资料与日历');
    const form = await screen.findByRole('form', { name: '工作日历' });
    expect(within(form).getByDisplayValue('盘点停业')).toBeInTheDocument();
    await userEvent.click(within(form).getByRole('button', { name: '添加停业日' }));
    const dates = within(form).getAllByLabelText('日期');
    await userEvent.type(dates[1], '2026-12-24');
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('请选择有效日期；同一日期只能出现一次，不能既是停业日又是额外工作日')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SH01/calendar')[0]).toEqual({ closures: [{ date: '2026-12-24', reason: '盘点停业' }, { date: '2026-12-24' }], extraWorkingDates: [] });

    await userEvent.click(within(form).getByRole('button', { name: '删除第 1 个日期' }));
    expect(within(form).getAllByLabelText('日期')).toHaveLength(1);
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('已保存，新规则版本 sample-group-r4')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SH01/calendar')).toHaveLength(2);
    expect(puts(requests, '/admin/malls/SH01/calendar')[1]).toEqual({ closures: [{ date: '2026-12-24' }], extraWorkingDates: [] });
  });
});

describe('a mall’s own settings', () => {
  it('go back to following the group’s with one click; a section that follows the group offers none', async () => {
    const own: PolicyView = { ...POLICY, malls: [{ ...POLICY.malls[0], settings: { collective: { windowMinutes: 30, minDistinctTenants: 2 } } }] };
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, own), route('PATCH', /\/admin\/malls\/SH01\/settings$/, 200, SAVED));
    renderAs(GM, mallPage, '/admin/malls/SH01');
    const collective = await screen.findByRole('form', { name: '集体投诉判定' }, { timeout: 10_000 });
    expect(within(collective).getByLabelText('时间窗口（分钟）')).toHaveValue('30');
    expect(within(screen.getByRole('form', { name: '重复投诉' })).queryByRole('button', { name: '恢复沿用集团设置' })).not.toBeInTheDocument();
    await userEvent.click(within(collective).getByRole('button', { name: '恢复沿用集团设置' }));
    expect(await within(collective).findByText('已保存，新规则版本 sample-group-r4')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SH01/settings')).toEqual([{ collective: null }]);
    expect(within(collective).getByLabelText('时间窗口（分钟）')).toHaveValue('120');
  });
});

describe('adding a mall', () => {
  it('lets a group admin add a mall with its code, then opens its page', async () => {
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), route('PUT', /\/admin\/malls\/SZ01$/, 200, SAVED));
    renderAs(
      ADMIN,
      <Routes>
        <Route path="/admin" element={<AdminHomePage />} />
        <Route path="/admin/malls/:mallId" element={<p>mall page</p>} />
      </Routes>,
      '/admin',
    );
    await userEvent.click(await screen.findByRole('button', { name: '新增商场' }, { timeout: 10_000 }));
    const form = await screen.findByRole('form', { name: '新增商场' });
    await userEvent.type(within(form).getByLabelText('商场代码'), 'sz01');
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('商场代码须为 2–8 位大写字母或数字')).toBeInTheDocument();
    await userEvent.clear(within(form).getByLabelText('商场代码'));
    await userEvent.type(within(form).getByLabelText('商场代码'), 'SZ01');
    await userEvent.type(within(form).getByLabelText('商场名称'), '深圳南山广场');
    await userEvent.type(within(form).getByLabelText('英文名称'), 'Shenzhen Nanshan Plaza');
    await userEvent.type(within(form).getByLabelText('城市'), '深圳');
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await screen.findByText('mall page')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SZ01')).toEqual([
      { name: '深圳南山广场', nameEn: 'Shenzhen Nanshan Plaza', city: '深圳', timeZone: 'Asia/Shanghai', enabledChannels: expect.arrayContaining(['walk-in', 'staff-patrol']) },
    ]);
  });
});

describe('departments and duty rosters', () => {
  it('offers only the department’s own staff, and shows a refused shift and a refused list in Chinese', async () => {
    const requests = serveApi(
      route('GET', /\/admin\/policy$/, 200, POLICY),
      route('PUT', /\/admin\/malls\/SH01\/departments$/, 400, refused(
        { field: 'departments.1.roster.0.to', messages: ['a shift must not start and end at the same time'] },
        { field: 'departments', messages: ['the group’s routing rule route-engineering needs department engineering'] },
      ).body),
    );
    renderAs(GM, mallPage, '/admin/malls/SH01');
    await openTab('部门与值班');
    const form = await screen.findByRole('form', { name: '部门与值班' });
    const to = within(form).getAllByLabelText('结束')[0];
    await userEvent.clear(to);
    await userEvent.type(to, '08:00');
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('请按 HH:mm 填写时间，且与开始时间不同')).toBeInTheDocument();
    expect(within(form).getByText('集团分派规则用到的部门不能删除；部门代码不能重复')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SH01/departments')[0]).toEqual({
      departments: [
        { id: 'operations', name: '营运部', nameEn: 'Operations', managerStaffId: 'sh01-operations-mgr', roster: [] },
        { id: 'engineering', name: '工程部', nameEn: 'Engineering', managerStaffId: null, roster: [{ staffId: 'sh01-engineering-1', days: ['mon', 'tue'], from: '08:00', to: '08:00' }] },
      ],
    });
    // The engineering manager may be only engineering's staff.
    await userEvent.click(within(form).getAllByLabelText('部门经理')[1]);
    await waitFor(() =>
      expect([...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].map((option) => option.getAttribute('title'))).toEqual([
        '钱志强（sh01-engineering-1）',
      ]),
    );
  });
});

describe('routing tables', () => {
  it('a mall follows the group until it keeps its own table; only the tables it keeps are sent', async () => {
    let attempt = 0;
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), (request) => {
      if (request.method !== 'PUT' || !request.url.endsWith('/admin/malls/SH01/routing')) return undefined;
      attempt += 1;
      return attempt === 1 ? refused({ field: 'handlingDepartmentRules', messages: ['no rule routes other'] }) : { status: 200, body: SAVED };
    });
    renderAs(GM, mallPage, '/admin/malls/SH01');
    await openTab('分派规则');
    const form = await screen.findByRole('form', { name: '本商场分派规则' });
    expect(within(form).getAllByText('沿用集团规则')).toHaveLength(2);
    expect(within(form).queryByRole('button', { name: '添加规则' })).not.toBeInTheDocument();
    await userEvent.click(within(form).getAllByRole('switch')[1]);
    await userEvent.click(within(form).getByRole('button', { name: '删除第 2 条规则' }));
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('每个投诉类别都须有处理部门（可加一条“全部类别”兜底），部门须为本商场已有部门')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SH01/routing')[0]).toEqual({ handlingDepartmentRules: [{ id: 'route-engineering', categories: ['engineering-equipment'], departmentId: 'engineering' }] });

    await userEvent.click(within(form).getByRole('button', { name: '添加规则' }));
    const categories = within(form).getAllByLabelText('投诉类别');
    await userEvent.click(categories[1]);
    await userEvent.click(await screen.findByTitle('全部类别（兜底）'));
    await userEvent.click(within(form).getAllByLabelText('处理部门')[1]);
    await userEvent.click((await screen.findAllByTitle('营运部')).at(-1) as HTMLElement);
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('已保存，新规则版本 sample-group-r4')).toBeInTheDocument();
    expect(puts(requests, '/admin/malls/SH01/routing')[1]).toEqual({
      handlingDepartmentRules: [
        { id: 'route-engineering', categories: ['engineering-equipment'], departmentId: 'engineering' },
        { id: 'route-1', categories: ['*'], departmentId: 'operations' },
      ],
    });
  });
});

describe('group-wide rules', () => {
  it('a group admin changes the group’s severity settings and routing; a GM is shown no way there', async () => {
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), route('PATCH', /\/admin\/settings$/, 200, SAVED), route('PUT', /\/admin\/routing$/, 200, SAVED));
    const { unmount } = renderAs(GM, mallPage, '/admin/malls/SH01');
    expect(await screen.findByRole('heading', { name: /上海虹桥广场/ }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: '集团统一规则' })).not.toBeInTheDocument();
    unmount();

    const home = renderAs(ADMIN, <AdminHomePage />, '/admin');
    expect(await screen.findByRole('link', { name: '集团统一规则' }, { timeout: 10_000 })).toHaveAttribute('href', '/admin/group');
    home.unmount();

    renderAs(ADMIN, <GroupPolicyPage />, '/admin/group');
    const severity = await screen.findByRole('form', { name: '严重程度' }, { timeout: 10_000 });
    const count = within(severity).getByLabelText('累计投诉几次定为重大');
    await userEvent.clear(count);
    await userEvent.type(count, '3');
    await userEvent.click(within(severity).getByRole('button', { name: SAVE }));
    await waitFor(() =>
      expect(puts(requests, '/admin/settings')).toEqual([
        { severity: { collective: 'critical', repeatCountForMajor: 3, channels: [{ channel: 'media', severity: 'critical' }], unresolvedUpgrade: { after: { amount: 30, unit: 'days' }, to: 'major' } } },
      ]),
    );
    await openTab('分派规则');
    const routing = await screen.findByRole('form', { name: '集团分派规则' });
    expect(within(routing).queryByRole('switch')).not.toBeInTheDocument();
    await userEvent.click(within(routing).getByRole('button', { name: SAVE }));
    await waitFor(() => expect(puts(requests, '/admin/routing')).toEqual([{ owningDepartmentByComplainantType: POLICY.owningDepartmentByComplainantType, handlingDepartmentRules: POLICY.handlingDepartmentRules }]));
  });

  it('a group admin sets the group targets in percent; shares go to the API and its refusal shows by the field in Chinese', async () => {
    let attempt = 0;
    const requests = serveApi(route('GET', /\/admin\/policy$/, 200, POLICY), (request) => {
      if (request.method !== 'PATCH' || !request.url.endsWith('/admin/targets')) return undefined;
      attempt += 1;
      return attempt === 1 ? refused({ field: 'closureRateStretch', messages: ['must not be below closureRate'] }) : { status: 200, body: SAVED };
    });
    renderAs(ADMIN, <GroupPolicyPage />, '/admin/group');
    await openTab('集团目标');
    const form = await screen.findByRole('form', { name: '集团目标' });
    // The policy names no targets: the procedures' values.
    expect(within(form).getByLabelText('满意率目标')).toHaveValue('90');
    const satisfaction = within(form).getByLabelText('满意率目标');
    await userEvent.clear(satisfaction);
    await userEvent.type(satisfaction, '92.5');
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('请填写 0 至 100 之间的百分比，且不低于结案率目标')).toBeInTheDocument();
    await userEvent.click(within(form).getByRole('button', { name: SAVE }));
    expect(await within(form).findByText('已保存，新规则版本 sample-group-r4')).toBeInTheDocument();
    expect(puts(requests, '/admin/targets')[1]).toEqual({ responseWithin24h: 0.95, closureRate: 0.95, closureRateStretch: 0.98, satisfactionRate: 0.925, dataCompleteness: 1 });
  });
});
