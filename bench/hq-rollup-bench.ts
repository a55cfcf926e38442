/**
 * The HQ roll-up page (/hq/rollup) for the analytics bench's group of 200 malls, in Chromium (issue 14,
 * "Bench": usable in < 1.5 s). The data is analytics-bench's: a generated group of BENCH_ANALYTICS_MALLS
 * malls and one month of their logs (analytics-month.ts) in a bench PostgreSQL, folded by the rebuild,
 * then the analytics service as its own process. The built console (dist/web/console) is served by a
 * small gateway in this script: /analytics/* is passed to that service, POST /auth/sign-in signs the
 * generated group's staff with the bench's key (no password check: only analytics runs here), every
 * other API answers 404. Measured ROUNDS times, each in a fresh browser context (nothing cached):
 *   (a) sign-in submitted → the roll-up usable: the group totals and the ranked table's first rows rendered;
 *   (b) the table scrolled to its end → the last mall's row rendered.
 * The raw baseline of the same run: GET /analytics/hq/rollup alone from Node (warm p50).
 * Times are taken in the page (performance.now(), checked once per animation frame). Every loop is bounded.
 *   npm run bench:hq-rollup   (BENCH_ANALYTICS_MALLS, BENCH_CASES_PER_MALL, BENCH_BIG_MALL_CASES, BENCH_ROUNDS, BENCH_PORT_BASE, CONSOLE_DIR)
 */
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { identityOfStaff, signingKeyFromJwk, signStaffToken } from '@mallcare/policy';
import { chromium, type Browser, type Page } from 'playwright-core';
import { benchOnGroupMonth, runRebuild, startAnalytics, stopService } from './analytics-service';
import { envInt, median, nowMs, round, say, summarize } from './stats';

const root = resolve(__dirname, '..', '..');
// CONSOLE_DIR: another build of the console (e.g. the previous commit's), to compare on the same data.
const consoleDir = resolve(process.env.CONSOLE_DIR ?? join(root, 'dist', 'web', 'console'));
const MONTH = '2026-10';
const HQ = 'hq-ops-1';
const TARGET_MS = 1_500;

const settings = {
  malls: envInt('BENCH_ANALYTICS_MALLS', 200, 2, 1_000),
  casesPerMall: envInt('BENCH_CASES_PER_MALL', 2_760, 1, 100_000),
  bigMallCases: envInt('BENCH_BIG_MALL_CASES', 50_000, 1, 500_000),
  rounds: envInt('BENCH_ROUNDS', 7, 1, 30),
  port: envInt('BENCH_PORT_BASE', 47_500, 1_024, 60_000),
  rebuildTimeoutSeconds: envInt('BENCH_REBUILD_TIMEOUT_S', 3_600, 10, 86_400),
};

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks)));
    request.on('error', fail);
  });

const json = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
  response.end(JSON.stringify(body));
};

/** The console's files (index.html for every page path), analytics behind /analytics, and the bench's own sign-in. */
const startGateway = (analyticsUrl: string, signIn: (staffId: string) => unknown): Promise<Server> => {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://bench');
    const handle = async (): Promise<void> => {
      if (url.pathname.startsWith('/analytics/')) {
        const upstream = await fetch(`${analyticsUrl}${url.pathname}${url.search}`, { headers: { authorization: request.headers.authorization ?? '' }, signal: AbortSignal.timeout(120_000) });
        response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        response.end(Buffer.from(await upstream.arrayBuffer()));
        return;
      }
      if (url.pathname === '/auth/sign-in' && request.method === 'POST') {
        const { staffId } = JSON.parse((await readBody(request)).toString('utf8') || '{}') as { staffId?: string };
        const answer = staffId ? signIn(staffId) : undefined;
        if (answer) json(response, 200, answer);
        else json(response, 401, { status: 401, title: 'unknown staff' });
        return;
      }
      const file = normalize(join(consoleDir, url.pathname));
      if (file.startsWith(consoleDir) && existsSync(file) && statSync(file).isFile()) {
        response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(response);
        return;
      }
      if (url.pathname.startsWith('/assets/') || request.method !== 'GET' || !(request.headers.accept ?? '').includes('text/html')) {
        json(response, 404, { status: 404, title: 'not served by the bench' });
        return;
      }
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] });
      createReadStream(join(consoleDir, 'index.html')).pipe(response);
    };
    handle().catch((error: unknown) => json(response, 502, { status: 502, title: error instanceof Error ? error.message : String(error) }));
  });
  return new Promise((done) => server.listen(settings.port, '127.0.0.1', () => done(server)));
};

const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();

type Readiness = 'rollup-usable' | 'scrolled-to-last';

/**
 * From the action (a click on `selector`, or the table scrolled to its end, done in the page so the
 * clock starts with it), once per frame until the roll-up is usable (its group totals shown and the
 * ranked table's first rows rendered, rank 1 first) or the last mall's row is rendered; bounded.
 */
const ACT_UNTIL = `([clickSelector, wanted, mallCount, lastMall]) =>
  new Promise((done, fail) => {
    const rowsOf = () => document.querySelectorAll('[data-testid="rollup-malls"] .ant-table-row');
    const isReady = () => {
      const rows = rowsOf();
      if (wanted === 'scrolled-to-last') return [...rows].some((row) => row.getAttribute('data-row-key') === lastMall);
      const totals = document.querySelector('[data-testid="group-totals"] [data-figure="received"]');
      return totals !== null && totals.textContent !== '' && rows.length >= Math.min(10, mallCount) && rows[0].querySelector('.ant-table-cell')?.textContent === '1';
    };
    let act;
    if (wanted === 'scrolled-to-last') {
      const holder = document.querySelector('[data-testid="rollup-malls"] .ant-table-tbody-virtual-holder');
      if (!holder) return fail(new Error('no virtual table holder'));
      act = () => holder.scrollTo({ top: holder.scrollHeight });
    } else {
      const target = document.querySelector(clickSelector);
      if (!target) return fail(new Error('nothing matches ' + clickSelector));
      act = () => target.click();
    }
    const start = performance.now();
    const check = () => {
      if (isReady()) return done({ start, ready: performance.now() });
      if (performance.now() - start > 60000) return fail(new Error('not ' + wanted + ' 60 s after the action'));
      requestAnimationFrame(check);
    };
    act();
    requestAnimationFrame(check);
  })`;
// In-page code as source: this Node project compiles without the DOM's types.
const actUntil = (page: Page, selector: string, readiness: Readiness, malls: number, lastMall = ''): Promise<{ start: number; ready: number }> =>
  page.evaluate(`(${ACT_UNTIL})(${JSON.stringify([selector, readiness, malls, lastMall])})`) as Promise<{ start: number; ready: number }>;

/** Where the time of the sign-in went: the roll-up's answer received, the page's own chunks loaded (ms after the click). */
const breakdownOf = (page: Page, start: number): Promise<{ rollupAnswered: number | null; rollupChunk: number | null }> =>
  page.evaluate(`(() => {
    const entries = performance.getEntriesByType('resource');
    const end = (test) => { const entry = entries.filter((each) => test(each.name)).pop(); return entry ? Math.round(entry.responseEnd - ${start}) : null; };
    return { rollupAnswered: end((name) => name.includes('/analytics/hq/rollup')), rollupChunk: end((name) => /RollupPage-.*\\.js$/.test(name)) };
  })()`) as Promise<{ rollupAnswered: number | null; rollupChunk: number | null }>;

interface Round {
  signInToUsableMs: number;
  toLastMs: number | null;
  rollupAnswered: number | null;
  rollupChunk: number | null;
}

const measureRound = async (browser: Browser, baseUrl: string, lastMall: string): Promise<Round> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(`/hq/rollup?month=${MONTH}`)}`);
    await page.getByLabel('工号').fill(HQ);
    await page.getByLabel('密码').fill('bench');
    const submit = page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' }));
    await submit.evaluate((button) => button.setAttribute('data-bench-submit', ''));
    const signedIn = await actUntil(page, '[data-bench-submit]', 'rollup-usable', settings.malls);
    const breakdown = await breakdownOf(page, signedIn.start);
    // A build with a paged table (CONSOLE_DIR) has nothing to scroll: (b) is left out for it.
    const scrolled = await actUntil(page, '', 'scrolled-to-last', settings.malls, lastMall).catch(() => null);
    const toLastMs = scrolled ? round(scrolled.ready - scrolled.start, 1) : null;
    return { signInToUsableMs: round(signedIn.ready - signedIn.start, 1), toLastMs, ...breakdown };
  } catch (error) {
    const dir = join(root, 'dist', 'bench-hq-rollup');
    mkdirSync(dir, { recursive: true });
    for (const page of context.pages()) await page.screenshot({ path: join(dir, `failure-${Date.now()}.png`) }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
};

const main = async (): Promise<void> => {
  if (!existsSync(join(consoleDir, 'index.html'))) throw new Error('dist/web/console is missing: npm run build');
  const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' / ');
  say(`mallcare HQ roll-up page bench – ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, Chromium ${chromiumPath()}`);
  say(`group: ${settings.malls} malls, ${settings.casesPerMall} cases per mall in ${MONTH}, the first mall ${settings.bigMallCases}; ${settings.rounds} rounds`);
  await benchOnGroupMonth({ name: 'hq-rollup', summaryName: 'mallcare-hq-rollup-page', settings, month: MONTH }, async ({ databaseUrl, env, logFile, signingJwk, policy, loaded, errors }) => {
    let gateway: Server | undefined;
    let browser: Browser | undefined;
    say('rebuilding the case paths');
    const rebuild = await runRebuild(root, databaseUrl, 'rebuild', settings.rebuildTimeoutSeconds);
    say(`rebuilt ${rebuild.cases} case paths in ${(rebuild.millis / 1000).toFixed(1)} s`);

    const service = await startAnalytics(env, logFile);
    try {
      const key = signingKeyFromJwk(signingJwk);
      const answerFor = (staffId: string) => {
        const identity = identityOfStaff(policy, staffId);
        return identity && { accessToken: signStaffToken(identity, { key, expiresInSeconds: 3_600, issuer: 'mallcare', audience: 'mallcare-api' }), tokenType: 'Bearer', expiresIn: 3_600, identity };
      };
      gateway = await startGateway(service.baseUrl, answerFor);
      const baseUrl = `http://127.0.0.1:${settings.port}`;
      const token = answerFor(HQ)?.accessToken ?? '';
      // The raw baseline: the roll-up API alone, first (the mall-month figures computed) and warm.
      const apiTimes: number[] = [];
      let firstApiMs = 0;
      let lastMall = '';
      for (let n = 0; n <= 10; n++) {
        const started = nowMs();
        const response = await fetch(`${baseUrl}/analytics/hq/rollup?month=${MONTH}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300_000) });
        const body = (await response.json()) as { malls?: { mallId: string }[] };
        lastMall = body.malls?.at(-1)?.mallId ?? '';
        if (response.status !== 200 || body.malls?.length !== settings.malls) throw new Error(`GET /analytics/hq/rollup answered ${response.status} with ${body.malls?.length ?? 0} malls`);
        if (n === 0) firstApiMs = nowMs() - started;
        else apiTimes.push(nowMs() - started);
      }
      const api = summarize(apiTimes);
      say(`raw baseline: GET /analytics/hq/rollup (${settings.malls} malls) first ${round(firstApiMs, 1)} ms, warm p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms; load ${load()}`);

      browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'] });
      const rounds: Round[] = [];
      for (let n = 0; n < settings.rounds; n++) {
        try {
          const result = await measureRound(browser, baseUrl, lastMall);
          rounds.push(result);
          say(`round ${n + 1}: sign-in → roll-up usable ${result.signInToUsableMs} ms (its chunk loaded at ${result.rollupChunk ?? '—'} ms, the roll-up answered at ${result.rollupAnswered ?? '—'} ms); scrolled to the last mall ${result.toLastMs ?? '—'} ms; load ${load()}`);
        } catch (error) {
          errors.push(`round ${n + 1}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
          say(errors[errors.length - 1]);
        }
      }
      const usable = rounds.map((each) => each.signInToUsableMs);
      const toLast = rounds.flatMap((each) => (each.toLastMs === null ? [] : [each.toLastMs]));
      const usableMedian = round(median(usable), 1);
      say(
        `HQ roll-up page, ${settings.malls} malls: sign-in → usable median ${usableMedian} ms over ${usable.length} rounds (${usable.join(', ')}), ` +
          `max ${round(Math.max(...usable), 1)} ms (target < ${TARGET_MS} ms: ${usableMedian < TARGET_MS ? 'met' : 'MISSED'}); scrolled to the last mall median ${round(median(toLast), 1)} ms; ` +
          `the API alone warm p50 ${api.p50.toFixed(1)} ms`,
      );
      return {
        settings,
        loaded: { cases: loaded.cases, events: loaded.events },
        rollupApiMs: { first: round(firstApiMs, 1), p50: api.p50, p99: api.p99 },
        signInToUsableMs: { median: usableMedian, rounds: usable },
        rollupAnsweredMs: { median: median(rounds.flatMap((each) => (each.rollupAnswered === null ? [] : [each.rollupAnswered]))) },
        scrolledToLastMs: { median: round(median(toLast), 1), rounds: toLast },
        loadAverage: loadavg(),
        target: { usableMs: TARGET_MS, met: usableMedian < TARGET_MS },
      };
    } finally {
      await browser?.close();
      await new Promise((done) => (gateway ? gateway.close(() => done(undefined)) : done(undefined)));
      await stopService(service);
    }
  });
};

main().catch((error: unknown) => {
  process.stderr.write(`hq-rollup bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
