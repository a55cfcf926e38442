/**
 * Sign-in with the group's identity provider, in Chromium: a real OpenID Connect provider (panva's
 * oidc-provider, libs/testing/src/oidc-provider.mjs) run by the test, the system as `npm start` runs
 * it with OIDC_ISSUER naming that provider, and the person clicking through the provider's own
 * login and consent pages. The gateway's CSP stays as it is: no violation may be reported.
 *   npm run build && node --test web/console/e2e/oidc.e2e.mts
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newStaffContext, screenshotDir, seriousViolations } from './browser.mts';
import { startSystem, type System } from './system.mts';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
// Below the ephemeral ports (32768+) and apart from the other end-to-end tests' (4100–4800, 21000+).
const PORT_BASE = Number(process.env.OIDC_E2E_PORT_BASE ?? 5_700);
const ACCOUNTS = {
  // Roles and mall from the provider's claims: the policy has sh01-engineering-1 as a handler.
  'zhang.wei@group': { preferred_username: 'sh01-engineering-1', name: 'Zhang Wei', mallcare_roles: ['department-manager'], mallcare_mall: 'SH01' },
  'visitor@group': { preferred_username: 'not-on-the-staff', name: 'Visitor' },
};
const BUTTON = '使用集团统一身份登录';

let provider: ChildProcess;
let issuer: string;
let system: System;
let browser: Browser;

before(async () => {
  // The second try of startSystem moves the gateway 10 ports on: both callbacks are registered.
  const callbacks = [PORT_BASE, PORT_BASE + 10].map((port) => `http://127.0.0.1:${port}/sign-in/callback`);
  provider = spawn(process.execPath, [join(root, 'libs', 'testing', 'src', 'oidc-provider.mjs')], {
    env: { ...process.env, OIDC_ACCOUNTS: JSON.stringify(ACCOUNTS), OIDC_REDIRECT_URI: callbacks.join(',') },
    // Its stderr only warns that it runs development interactions, as a test's provider does.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  issuer = await new Promise<string>((done, fail) => {
    provider.stdout?.on('data', (chunk: Buffer) => {
      const ready = /ready (\S+)/.exec(chunk.toString());
      if (ready) done(ready[1]);
    });
    provider.once('exit', (code) => fail(new Error(`the identity provider exited with ${code}`)));
  });
  system = await startSystem(root, PORT_BASE, { OIDC_ISSUER: issuer });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await system?.stop();
  provider?.kill();
});

/** A fresh browser profile (no provider session) that records every CSP violation the console reports. */
const freshPage = async (): Promise<{ page: Page; violations: string[] }> => {
  const context = await newStaffContext(browser);
  // Network only on 127.0.0.1 (the provider's dev pages @import a web font from elsewhere).
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { page, violations };
};

/** At the provider's own pages: its login form (any password), then its consent page; or cancel there. */
const atProvider = async (page: Page, account: string | 'cancel'): Promise<void> => {
  await page.waitForURL((url) => url.origin === issuer, { waitUntil: 'domcontentloaded' });
  if (account === 'cancel') {
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    return;
  }
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
};

const startAtConsole = async (page: Page, path = '/sign-in'): Promise<void> => {
  await page.goto(`${system.baseUrl}${path}`);
  await page.getByRole('button', { name: BUTTON }).click();
};

test('a staff member signs in at the group’s provider and lands on a screen their claimed roles allow', async () => {
  const { page, violations } = await freshPage();
  await page.goto(`${system.baseUrl}/sign-in`);
  const button = page.getByRole('button', { name: BUTTON });
  await button.waitFor();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const file = join(screenshotDir(root), 'sign-in-oidc.png');
  await page.screenshot({ path: file });
  mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
  copyFileSync(file, join(root, 'docs', 'screenshots', 'sign-in-oidc.png'));
  assert.deepEqual(await seriousViolations(page), [], 'sign-in page: serious or critical accessibility violations');

  const redeemed = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/oidc/token');
  await button.click();
  const authorize = new URL(page.url());
  assert.equal(authorize.origin, issuer, 'the button sends the browser to the provider');
  await atProvider(page, 'zhang.wei@group');
  const answer = await redeemed;
  assert.equal(answer.status(), 200, await answer.text());
  assert.deepEqual((await answer.json()).identity, { staffId: 'sh01-engineering-1', name: '钱志强', roles: ['department-manager'], mallId: 'SH01', departmentId: 'engineering' });
  const request = answer.request().postDataJSON() as Record<string, string>;
  assert.equal(request.redirectUri, `${system.baseUrl}/sign-in/callback`);
  assert.match(request.codeVerifier, /^[A-Za-z0-9_-]{43,128}$/);

  // Home of a department manager: the queue, where a manager's actions are offered.
  await page.waitForURL(`${system.baseUrl}/queue`);
  await assert.doesNotReject(page.getByTestId('signed-in-as').filter({ hasText: '钱志强（sh01-engineering-1） · 部门经理 · 工程部 · SH01' }).waitFor());
  await page.getByRole('heading', { name: '工作队列' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '前台登记' }).count(), 0, 'no desk for a department manager');
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0, 'nothing of the sign-in is left in storage');

  // The token lives in this page's memory: a reload asks again, and the provider's session brings the person straight back.
  await page.reload();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('button', { name: BUTTON }).click();
  await page.waitForURL(`${system.baseUrl}/queue`);
  await page.getByTestId('signed-in-as').waitFor();
  assert.deepEqual(violations, [], 'the gateway’s CSP refused something the flow needed');
  await page.context().close();
});

test('cancelling at the provider, an account that is not staff and a forged return are each refused in Chinese', async () => {
  const { page, violations } = await freshPage();
  await startAtConsole(page);
  await atProvider(page, 'cancel');
  await page.waitForURL((url) => url.pathname === '/sign-in/callback' && url.search === '');
  assert.match(await page.getByRole('alert').innerText(), /集团统一身份登录未完成[\s\S]*您在集团身份平台取消了授权，未登录。/);
  await page.screenshot({ path: join(screenshotDir(root), 'sign-in-oidc-denied.png') });
  assert.deepEqual(await seriousViolations(page), [], 'callback error page: serious or critical accessibility violations');

  await page.getByRole('link', { name: '返回登录页' }).click();
  await page.getByRole('button', { name: BUTTON }).click();
  await atProvider(page, 'visitor@group');
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: '您的集团账号不是本平台的在职员工，请联系管理员开通。' }).waitFor());

  // A return this tab did not start (another state, or none pending) never reaches routing.
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/auth/oidc/token') tokenRequests.push(request.url());
  });
  await page.goto(`${system.baseUrl}/sign-in/callback?code=stolen&state=forged&iss=${encodeURIComponent(issuer)}`);
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: '登录请求已失效或不是从本页发起的，请重新登录。' }).waitFor());
  assert.deepEqual(tokenRequests, []);
  assert.equal(await page.getByTestId('signed-in-as').count(), 0);
  assert.deepEqual(violations, []);
  await page.context().close();
});
