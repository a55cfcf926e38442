import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium fonts-noto-cjk`): Playwright's own download is never used. */
export const chromiumPath = (): string => {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('no chromium on PATH: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)');
  }
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'] });

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export const newStaffContext = (browser: Browser, viewport = DESKTOP): Promise<BrowserContext> =>
  browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/** Signs in through the sign-in page, as a person would. */
export const signIn = async (page: Page, baseUrl: string, staffId: string, next = '/'): Promise<void> => {
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('工号').fill(staffId);
  await page.getByLabel('密码').fill('mallcare-demo');
  // The real password sign-in (on `npm start` the first one sets the password), not the local issuer's shortcut.
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/sign-in');
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  const signedIn = await answer;
  if (signedIn.status() !== 200) throw new Error(`POST /auth/sign-in answered ${signedIn.status()} for ${staffId}: ${await signedIn.text()}`);
  await page.getByTestId('signed-in-as').waitFor();
};

export const screenshotDir = (root: string): string => {
  const dir = join(root, 'dist', 'e2e-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** Until the page's finite animations have ended (at most 10 s): a pulsing unread dot animates forever and is not waited for. */
export const animationsSettled = async (page: Page): Promise<void> => {
  await page
    .waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Number.POSITIVE_INFINITY), undefined, { timeout: 10_000 })
    .catch(() => undefined);
};

/** axe-core on the page as it is: serious and critical violations, described for the failure message. */
const violationsNow = async (page: Page): Promise<string[]> => {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join('; ')}`);
};

/**
 * Serious and critical axe violations of the page once it has settled. A live update can re-render a
 * control while axe reads it, and antd's 0.2 s colour transition is then half-way (a primary button's
 * text measured against a background still fading in): what is found is looked at again after the
 * page's finite animations end. A violation that stays is reported.
 */
export const seriousViolations = async (page: Page): Promise<string[]> => {
  const found = await violationsNow(page);
  if (found.length === 0) return found;
  await animationsSettled(page);
  await page.waitForTimeout(500);
  return violationsNow(page);
};
