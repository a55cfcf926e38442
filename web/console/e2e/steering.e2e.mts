/**
 * The GM, HQ and administrator screens (issue 14) in Chromium against the real system (`npm start`'s
 * processes, embedded PostgreSQL): a breach appears on the GM's Today without a reload; the monthly page
 * shows the report API's numbers; HQ drills from the roll-up to a case; an admin changes a mall's
 * collective window and the next registrations follow it, and its routing table and closures through
 * the forms (the next case goes where the new table says); a GM of one mall cannot open another's pages
 * or change its policy; HQ draws a sample callback and records its call; the case library opens an
 * example's timeline; the weekly detail with a filter. axe on every screen; screenshots at 1440×900.
 *   npm run build && node --test web/console/e2e/steering.e2e.mts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { animationsSettled, launchBrowser, newStaffContext, screenshotDir, seriousViolations, signIn } from './browser.mts';
import { startSystem, type System } from './system.mts';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const shots = screenshotDir(root);
const kept = join(root, 'docs', 'screenshots');
const RATES = ['handlingRate', 'timelinessRate', 'callbackRate', 'satisfactionRate', 'closureRate', 'dataCompleteness', 'responseWithin24h'] as const;
const COUNTS = ['received', 'resolved', 'closed', 'open', 'reopened', 'escalated', 'overdue'] as const;

let system: System;
let browser: Browser;

before(async () => {
  // Its own ports, below the ephemeral ones (32768+) an outgoing connection may hold: the console's other browser test may run beside it.
  // Eight people's sign-ins and the test's own tokens, all from 127.0.0.1 within a minute or two: more than
  // the sign-in throttle lets one address do (it has its own spec, services/routing/src/auth/sign-in.int-spec.ts).
  system = await startSystem(root, Number(process.env.STEERING_E2E_PORT_BASE ?? 5_500), { THROTTLE_SIGN_IN_LIMIT: '1000' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await system?.stop();
});

/** Screenshot (kept in docs/screenshots) and the accessibility check of a screen as it stands. */
const screen = async (page: Page, name: string): Promise<void> => {
  await page.waitForLoadState('load');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.locator('.loading, .ant-spin-spinning, [aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  await animationsSettled(page);
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file });
  mkdirSync(kept, { recursive: true });
  copyFileSync(file, join(kept, `${name}.png`));
  assert.deepEqual(await seriousViolations(page), [], `${name}: serious or critical accessibility violations`);
};

/** On a failure, each open page as it stood (dist/e2e-screenshots/failure-*.png), then the error. */
const shotOnFailure = (name: string, body: () => Promise<void>) => async (): Promise<void> => {
  try {
    await body();
  } catch (error) {
    let index = 0;
    for (const context of browser.contexts()) for (const page of context.pages()) await page.screenshot({ path: join(shots, `failure-${name}-${index++}.png`) }).catch(() => undefined);
    throw error;
  }
};

/** A staff token from the local issuer (`npm start` turns its demo shortcut on), for what the test itself asks of the API. */
const tokenOf = async (staffId: string): Promise<string> => {
  const response = await fetch(`${system.baseUrl}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId }) });
  assert.equal(response.status, 200, `a token for ${staffId}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
};

const api = async <T,>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${system.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
};

interface Registered {
  id: string;
  caseNumber: string;
  collective?: { id: string; caseNumber: string; raised: boolean };
}

const register = async (token: string, mallId: string, fields: Record<string, unknown>): Promise<Registered> => {
  const answer = await api<Registered>(token, 'POST', '/complaints', {
    mallId,
    channel: 'walk-in',
    kind: 'complaint',
    category: 'engineering-equipment',
    complainantType: 'consumer',
    description: '3号扶梯突然停止 / escalator 3 stopped',
    place: '1F 总服务台',
    ...fields,
  });
  assert.equal(answer.status, 201, `registered: ${JSON.stringify(answer.body)}`);
  return answer.body;
};

/**
 * In-app navigation, as a click on a link would do: the session's token lives in memory only, so a
 * full page load (page.goto) would sign the person out.
 */
const visit = async (page: Page, path: string): Promise<void> => {
  await page.evaluate((target) => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForURL(`**${path.split('?')[0]}*`);
};

const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
const formatRate = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const thisMonth = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

test('a GM sees a case breach appear on Today without reloading', { timeout: 300_000 }, shotOnFailure('today', async () => {
  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'sh01-gm', '/');
  // Today is the GM's home.
  await page.waitForURL('**/malls/SH01/today');
  await page.getByRole('heading', { name: '今日概览 · SH01' }).waitFor();
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });

  // Received 20 minutes ago: its 10-minute forward clock has run out by the time it is routed.
  const desk = await tokenOf('sh01-desk-1');
  const late = await register(desk, 'SH01', { receivedAt: minutesAgo(20) });
  await page.getByTestId('breached-cases').getByRole('link', { name: late.caseNumber }).waitFor({ timeout: 60_000 });
  assert.deepEqual(navigations, [], 'the page was not reloaded');
  const breached = Number(await page.getByRole('link', { name: /^已超时 \d+$/ }).textContent());
  assert.ok(breached >= 1);
  await screen(page, 'gm-today');

  // The number opens the list it counted.
  await page.getByRole('link', { name: /^已超时 \d+$/ }).click();
  await page.getByRole('heading', { name: /^未解决案件 · SH01 · 已超时/ }).waitFor();
  await page.locator('.ant-table-tbody').getByRole('link', { name: late.caseNumber }).waitFor();
  assert.equal(await page.locator('.ant-table-tbody tr.ant-table-row').count(), breached);
  await context.close();
}));

test('the monthly page shows the report API’s numbers for the seeded month', { timeout: 300_000 }, shotOnFailure('month', async () => {
  const desk = await tokenOf('sh01-desk-1');
  const manager = await tokenOf('sh01-engineering-mgr');
  // Seed: three more cases, one resolved.
  const seeded = await Promise.all([0, 1, 2].map((index) => register(desk, 'SH01', { category: index === 2 ? 'service-attitude' : 'engineering-equipment', receivedAt: minutesAgo(5 + index) })));
  for (let attempt = 0; attempt < 60; attempt++) {
    const accepted = await api(manager, 'POST', `/cases/${seeded[0].id}/accept`);
    if (accepted.status === 200) break;
    await new Promise((done) => setTimeout(done, 1_000));
  }
  assert.equal((await api(manager, 'POST', `/cases/${seeded[0].id}/resolve`, { actionTaken: '更换驱动链', customerToldWhat: '电话告知' })).status, 200);

  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'sh01-gm', '/');
  const month = thisMonth();
  const gm = await tokenOf('sh01-gm');
  // Analytics folds the events a moment later: wait until its report counts every case seeded.
  for (let attempt = 0; attempt < 60; attempt++) {
    const report = await api<{ figures: { received: number; resolved: number } }>(gm, 'GET', `/analytics/malls/SH01/reports/monthly?month=${month}`);
    if (report.body.figures.received >= 4 && report.body.figures.resolved >= 1) break;
    await new Promise((done) => setTimeout(done, 1_000));
  }
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/analytics/malls/SH01/reports/monthly');
  await visit(page, `/malls/SH01/month?month=${month}`);
  const report = (await (await answered).json()) as { asOf: string; figures: Record<string, number | { rate: number | null }> };
  await page.getByTestId('rates').waitFor();
  for (const key of RATES) {
    const shown = await page.getByTestId('rates').locator(`[data-figure="${key}"]`).textContent();
    assert.equal(shown, formatRate((report.figures[key] as { rate: number | null }).rate), key);
  }
  for (const key of COUNTS) assert.equal(await page.locator(`.figure-tile [data-figure="${key}"]`).textContent(), String(report.figures[key]), key);
  // The same numbers as a fresh read of the API (unless the figures were recomputed in between).
  const fresh = await api<{ asOf: string; figures: Record<string, number> }>(gm, 'GET', `/analytics/malls/SH01/reports/monthly?month=${month}`);
  if (fresh.body.asOf === report.asOf) assert.equal(fresh.body.figures.received, report.figures.received);
  await page.getByTestId('trend-chart').locator('svg').waitFor();
  await page.getByTestId('chart-category').locator('svg').waitFor();
  await screen(page, 'gm-month');

  // The weekly detail of a week of the month, filtered by category, as the report's filters do.
  const weekly = page.waitForResponse((response) => new URL(response.url()).pathname === '/analytics/malls/SH01/cases' && new URL(response.url()).searchParams.has('week'));
  await page.getByText('周报明细').click();
  assert.equal((await weekly).status(), 200);
  const filtered = page.waitForResponse((response) => new URL(response.url()).pathname === '/analytics/malls/SH01/cases' && new URL(response.url()).searchParams.get('category') === 'service-attitude');
  await page.getByRole('combobox', { name: '问题分类' }).click();
  await page.locator('.ant-select-item-option', { hasText: '服务态度' }).click();
  const rows = ((await (await filtered).json()) as { rows: { category: string }[] }).rows;
  assert.ok(rows.every((row) => row.category === 'service-attitude'));
  await page.getByRole('button', { name: /周报 Excel/ }).waitFor();
  await screen(page, 'gm-detail-weekly');
  await context.close();
}));

test('HQ drills from the roll-up to one case; the live board and packs open', { timeout: 300_000 }, shotOnFailure('hq', async () => {
  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'hq-ops-1', '/');
  await page.waitForURL('**/hq/rollup');
  const month = thisMonth();
  await visit(page, `/hq/rollup?month=${month}`);
  const mall = page.getByTestId('rollup-malls').getByRole('link', { name: /\(SH01\)/ });
  await mall.waitFor({ timeout: 60_000 });
  await screen(page, 'hq-rollup');
  await mall.click();
  await page.waitForURL(`**/malls/SH01/month?month=${month}`);
  const firstCase = page.getByTestId('month-detail').locator('.ant-table-tbody a').first();
  await firstCase.waitFor({ timeout: 60_000 });
  const caseNumber = (await firstCase.textContent()) ?? '';
  await firstCase.click();
  await page.waitForURL('**/case/**');
  await page.getByText(caseNumber).first().waitFor();

  await visit(page, '/hq/sla');
  await page.getByTestId('board-breached').waitFor({ timeout: 60_000 });
  await screen(page, 'hq-sla-board');
  await visit(page, '/hq/packs');
  await page.getByRole('heading', { name: '月度报告包' }).waitFor();
  await screen(page, 'hq-packs');
  await context.close();
}));

/** A major case of SH01 taken through to resolution (verified, classified major, incident report filed), as its handlers would. */
const resolvedMajorCase = async (description: string): Promise<Registered> => {
  const desk = await tokenOf('sh01-desk-1');
  const manager = await tokenOf('sh01-engineering-mgr');
  const registered = await register(desk, 'SH01', { description, receivedAt: minutesAgo(30) });
  const id = registered.id;
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await api(manager, 'POST', `/cases/${id}/accept`)).status === 200) break;
    await new Promise((done) => setTimeout(done, 1_000));
  }
  for (const [path, body] of [
    ['verify', { validity: 'valid', reason: '现场核实属实' }],
    ['classify', { responsibility: 'responsible', severity: 'major', criteria: ['promised-service-not-delivered'] }],
    ['incident-report', { summary: '3号扶梯急停', cause: '驱动链断裂', impact: '扶梯停运4小时', measures: '更换驱动链，全场排查' }],
    ['resolve', { actionTaken: '更换驱动链并致歉', customerToldWhat: '电话告知处理结果' }],
  ] as const) {
    const answer = await api(manager, 'POST', `/cases/${id}/${path}`, body);
    assert.equal(answer.status, 200, `${path}: ${JSON.stringify(answer.body)}`);
  }
  return registered;
};

test('HQ draws a sample callback of a mall and records its own call, apart from the mall’s', { timeout: 300_000 }, shotOnFailure('samples', async () => {
  const major = await resolvedMajorCase('扶梯急停，顾客受惊 / escalator stopped suddenly');
  // The callback service has the resolved case (and its severity) once its callback is due.
  const desk = await tokenOf('sh01-desk-1');
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await api(desk, 'GET', `/callbacks/${major.id}`)).status === 200) break;
    await new Promise((done) => setTimeout(done, 1_000));
  }
  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'hq-ops-1', '/');
  await page.waitForURL('**/hq/rollup');
  await visit(page, '/hq/samples');
  await page.getByRole('heading', { name: '集团抽样回访' }).waitFor();
  await page.getByRole('combobox', { name: '商场' }).click();
  await page.locator('.ant-select-item-option', { hasText: '(SH01)' }).click();
  await page.getByLabel('抽样数量').fill('1');
  const drawn = page.waitForResponse((response) => new URL(response.url()).pathname === '/callbacks/samples' && response.request().method() === 'POST');
  await page.getByRole('button', { name: '抽取样本' }).click();
  assert.equal((await drawn).status(), 201);
  await page.getByTestId('drawn').waitFor();
  const row = page.getByTestId('samples').locator('tr', { hasText: major.caseNumber });
  await row.waitFor({ timeout: 30_000 });
  await screen(page, 'hq-samples');

  await row.getByRole('button', { name: '记录回访' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('非常满意').click();
  await dialog.getByLabel('客户意见').fill('集团回访：顾客认可处理');
  const recorded = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith(`/cases/${major.id}/result`));
  await dialog.getByRole('button', { name: /提\s?交/ }).click();
  assert.equal((await recorded).status(), 201);
  await row.getByText('集团回访：顾客认可处理', { exact: false }).waitFor();
  // HQ's call leaves the mall's own callback as it was: still due.
  const mallCallback = await api<{ status: string; satisfaction: string | null }>(desk, 'GET', `/callbacks/${major.id}`);
  assert.equal(mallCallback.body.status, 'due');
  assert.equal(mallCallback.body.satisfaction, null);
  await screen(page, 'hq-samples-recorded');
  await context.close();
}));

test('the case library finds an example by category and opens it with its whole timeline', { timeout: 300_000 }, shotOnFailure('library', async () => {
  const example = await resolvedMajorCase('扶梯停运后及时致歉补偿 / an exemplary apology');
  const hq = await tokenOf('hq-ops-1');
  let marked = 0;
  for (let attempt = 0; attempt < 60 && marked !== 201; attempt++) {
    marked = (await api(hq, 'POST', '/analytics/case-library', { complaintId: example.id, note: '半小时内抢修并当面致歉，顾客满意' })).status;
    if (marked !== 201) await new Promise((done) => setTimeout(done, 1_000));
  }
  assert.equal(marked, 201, 'marked as an example');
  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'hq-ops-1', '/');
  await page.waitForURL('**/hq/rollup');
  await visit(page, '/library');
  await page.getByRole('combobox', { name: '问题分类' }).click();
  await page.locator('.ant-select-item-option', { hasText: '工程设备' }).click();
  await page.getByRole('searchbox', { name: '搜索案例' }).fill('抢修');
  await page.getByRole('searchbox', { name: '搜索案例' }).press('Enter');
  const link = page.getByTestId('library').getByRole('link', { name: example.caseNumber });
  await link.waitFor({ timeout: 30_000 });
  await screen(page, 'case-library');
  await link.click();
  const timeline = page.getByTestId('example-timeline');
  await timeline.locator('[data-event-type="CaseResolved"]').waitFor({ timeout: 30_000 });
  for (const type of ['ComplaintRegistered', 'CaseClassified', 'IncidentReportFiled']) assert.ok((await timeline.locator(`[data-event-type="${type}"]`).count()) >= 1, type);
  await screen(page, 'case-library-example');
  await context.close();
}));

test('an admin changes a mall’s collective window and the next registrations follow it', { timeout: 300_000 }, shotOnFailure('admin', async () => {
  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'hq-admin', '/admin');
  await page.getByRole('link', { name: /\(GZ01\)/ }).click();
  const form = page.getByRole('form', { name: '集体投诉判定' });
  const window = form.getByLabel('时间窗口（分钟）');
  await window.waitFor();
  // A value the API refuses: its field error, in Chinese, next to the field.
  const saving = () => page.waitForResponse((response) => new URL(response.url()).pathname === '/admin/malls/GZ01/settings' && response.request().method() === 'PATCH');
  await window.fill('0');
  let answer = saving();
  await form.getByRole('button', { name: /保\s?存/ }).click();
  assert.equal((await answer).status(), 400);
  await form.getByText('时间窗口须为 1 至 10080 之间的整数（分钟）').waitFor();
  await screen(page, 'admin-policy-error');
  await window.fill('30');
  await form.getByLabel('最少不同商户数').fill('2');
  answer = saving();
  await form.getByRole('button', { name: /保\s?存/ }).click();
  const saved = await answer;
  assert.equal(saved.status(), 200, await saved.text());
  await form.getByText(/已保存，新规则版本/).waitFor();
  await screen(page, 'admin-policy');

  // Two tenants 45 minutes apart are no collective under a 30-minute window; a third 5 minutes from the second is.
  const desk = await tokenOf('gz01-desk-1');
  let raised: Registered | null = null;
  for (let attempt = 0; attempt < 20 && !raised; attempt++) {
    const subjectKey = `扶梯-${randomUUID().slice(0, 8)}`;
    const tenant = (unit: string, minutes: number) => register(desk, 'GZ01', { complainantType: 'street-shop-tenant', tenantUnit: unit, subjectKey, receivedAt: minutesAgo(minutes) });
    await tenant('A-101', 45);
    const second = await tenant('B-202', 0);
    assert.equal(second.collective, undefined, 'outside the window: no collective');
    const third = await tenant('C-303', 5);
    // Until intake follows the new version, the old window (and five tenants) still applies.
    if (third.collective) raised = third;
    else await new Promise((done) => setTimeout(done, 1_000));
  }
  assert.ok(raised?.collective?.raised, 'within the new window two tenants raise a collective complaint');

  await visit(page, '/admin/history');
  await page.getByText('malls[GZ01].settings.collective.windowMinutes').first().waitFor();
  await screen(page, 'admin-history');
  await context.close();
}));

test('an admin changes a mall’s routing table and adds a closure day; the next registration follows the table', { timeout: 300_000 }, shotOnFailure('admin-forms', async () => {
  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'hq-admin', '/admin');
  await page.getByRole('link', { name: /\(BJ01\)/ }).click();
  const saved = (path: string, method: string) => page.waitForResponse((response) => new URL(response.url()).pathname === path && response.request().method() === method);

  // The mall's own table for categories: engineering equipment to the property department from now on.
  await page.getByRole('tab', { name: '分派规则' }).click();
  const routing = page.getByRole('form', { name: '本商场分派规则' });
  await routing.getByRole('switch').nth(1).click();
  await routing.getByLabel('处理部门').nth(2).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="物业部"]').click();
  let answer = saved('/admin/malls/BJ01/routing', 'PUT');
  await routing.getByRole('button', { name: /保\s?存/ }).click();
  assert.equal((await answer).status(), 200, await (await answer).text());
  await routing.getByText(/已保存，新规则版本/).waitFor();
  await screen(page, 'admin-routing');

  const desk = await tokenOf('bj01-desk-1');
  let department: string | null = null;
  for (let attempt = 0; attempt < 30 && department !== 'property'; attempt++) {
    const registered = await register(desk, 'BJ01', { category: 'engineering-equipment' });
    for (let read = 0; read < 20; read++) {
      const found = await api<{ handlingDepartmentId: string | null }>(desk, 'GET', `/cases/${registered.id}`);
      department = found.status === 200 ? found.body.handlingDepartmentId : null;
      if (department) break;
      await new Promise((done) => setTimeout(done, 500));
    }
  }
  assert.equal(department, 'property', 'the next engineering case goes to the department of the mall’s new table');

  // A closure day through the calendar form.
  await page.getByRole('tab', { name: '商场资料与日历' }).click();
  const calendar = page.getByRole('form', { name: '工作日历' });
  await calendar.getByRole('button', { name: '添加停业日' }).click();
  const closure = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  await calendar.getByLabel('原因', { exact: true }).last().fill('消防检修停业');
  await calendar.getByLabel('日期', { exact: true }).last().fill(closure);
  answer = saved('/admin/malls/BJ01/calendar', 'PUT');
  await calendar.getByRole('button', { name: /保\s?存/ }).click();
  assert.equal((await answer).status(), 200, await (await answer).text());
  await calendar.getByText(/已保存，新规则版本/).waitFor();
  await screen(page, 'admin-mall-profile');
  const policy = await api<{ malls: { id: string; calendar?: { closures?: { date: string; reason?: string }[] } }[] }>(await tokenOf('hq-admin'), 'GET', '/admin/policy');
  assert.deepEqual(policy.body.malls.find((mall) => mall.id === 'BJ01')?.calendar?.closures, [{ date: closure, reason: '消防检修停业' }]);

  await page.getByRole('tab', { name: '部门与值班' }).click();
  await page.getByRole('form', { name: '部门与值班' }).waitFor();
  await screen(page, 'admin-departments');

  await visit(page, '/admin/group');
  await page.getByRole('form', { name: '严重程度' }).waitFor();
  await screen(page, 'admin-group');
  await context.close();
}));

test('a GM of one mall cannot open another mall’s pages or change its policy', { timeout: 120_000 }, shotOnFailure('other-mall', async () => {
  const context = await newStaffContext(browser);
  const page = await context.newPage();
  await signIn(page, system.baseUrl, 'sh01-gm', '/');
  await page.waitForURL('**/malls/SH01/today');
  await page.getByRole('heading', { name: '今日概览 · SH01' }).waitFor();
  for (const path of ['/malls/GZ01/today', '/malls/GZ01/month', '/admin/malls/GZ01']) {
    await visit(page, path);
    await page.getByRole('heading', { name: '您没有权限查看此页面' }).waitFor();
  }
  const gm = await tokenOf('sh01-gm');
  assert.equal((await api(gm, 'PATCH', '/admin/malls/GZ01/settings', { collective: { windowMinutes: 60, minDistinctTenants: 3 } })).status, 403);
  assert.equal((await api(gm, 'PUT', '/admin/malls/GZ01/calendar', { closures: [{ date: '2027-01-04' }], extraWorkingDates: [] })).status, 403);
  assert.equal((await api(gm, 'PUT', '/admin/malls/GZ01/routing', { handlingDepartmentRules: [{ id: 'all', categories: ['*'], departmentId: 'operations' }] })).status, 403);
  assert.equal((await api(gm, 'PATCH', '/admin/settings', { repeat: { lookbackDays: 10 } })).status, 403);
  await visit(page, '/admin/group');
  await page.getByRole('heading', { name: '您没有权限查看此页面' }).waitFor();
  assert.equal((await api(gm, 'GET', '/analytics/malls/GZ01/reports/monthly?month=2026-11')).status, 403);
  // Their own mall's policy page opens, with their own mall's staff.
  await visit(page, '/admin/malls/SH01');
  await page.getByRole('form', { name: '集体投诉判定' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '集团统一规则' }).count(), 0);
  await context.close();
}));
