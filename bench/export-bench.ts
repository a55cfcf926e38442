/**
 * The monthly exports of one big mall (issue 17: "50,000-row monthly XLSX < 5 s, < 500 MB"): one mall
 * and BENCH_EXPORT_CASES (50,000) cases of one month in the producers' logs, folded into case paths
 * by the rebuild; then, with the analytics service as its own process, the monthly workbook (XLSX)
 * and the monthly detail (CSV) downloaded BENCH_EXPORT_REPEATS (2) times each: seconds, and the
 * service's peak resident memory while it streams. Raw baseline of the same run: the same rows read
 * by one plain SELECT in the detail's order, and one page of the detail as the service reads it.
 *
 *   npm run build && node dist/bench/export-bench.js
 *   BENCH_EXPORT_BEFORE_ROOT=/path/to/other/worktree node dist/bench/export-bench.js   # that build's service first, same data
 *
 * PostgreSQL: DATABASE_URL, else an embedded server in a temporary folder (fsync on). No Kafka.
 * Bounded: each download is aborted after BENCH_EXPORT_TIMEOUT_S (120).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSigningJwk, identityOfStaff, publicKeySetOf, signingKeyFromJwk, signStaffToken } from '@mallcare/policy';
import { Client } from 'pg';
import { mallIdOf } from './analytics-month';
import { cpuSeconds, residentMiB, runRebuild, seedGroupMonth, startAnalytics, stopService, type Service } from './analytics-service';
import { createDatabase, dropDatabase, startBenchPostgres } from './postgres';
import { envInt, median, nowMs, round, say } from './stats';

const root = resolve(__dirname, '..', '..');
const MONTH = '2026-10';
const MALL = mallIdOf(0);

const settings = {
  cases: envInt('BENCH_EXPORT_CASES', 50_000, 1, 500_000),
  repeats: envInt('BENCH_EXPORT_REPEATS', 2, 1, 10),
  timeoutSeconds: envInt('BENCH_EXPORT_TIMEOUT_S', 120, 10, 1_800),
};
const beforeRoot = process.env.BENCH_EXPORT_BEFORE_ROOT;
/** The service's port: BENCH_EXPORT_PORT, else BENCH_PORT_BASE + 2 (PostgreSQL is on base + 900…999, postgres.ts), else a free one. */
const servicePort = process.env.BENCH_EXPORT_PORT ? Number(process.env.BENCH_EXPORT_PORT) : process.env.BENCH_PORT_BASE ? Number(process.env.BENCH_PORT_BASE) + 2 : undefined;

/**
 * The counted-case SQL of a build, as its CaseDetailRepository reads it (the schema it needs is that build's).
 * The reads below add `p.record IS NOT NULL`, which builds before the `counted` column tested apart (redundant since).
 */
interface CountedSql {
  COUNTED_CASE_SQL: string;
  COUNTED_CHANNEL_SQL: string;
}
const countedSqlOf = (buildRoot: string): CountedSql => require(join(buildRoot, 'dist/services/analytics/src/case-paths/case-paths.repository.js')) as CountedSql;

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' / ');

interface Download {
  seconds: number;
  mib: number;
  cpuSeconds: number;
  rssBeforeMiB: number | null;
  rssPeakMiB: number;
}

/** One download, the service's RSS sampled every 25 ms meanwhile. */
const download = async (service: Service, path: string, token: string): Promise<Download> => {
  const pid = service.child.pid;
  const rssBefore = residentMiB(pid);
  const cpuBefore = cpuSeconds(pid) ?? 0;
  let rssPeak = rssBefore ?? 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, residentMiB(pid) ?? 0)), 25);
  const started = nowMs();
  try {
    const response = await fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(settings.timeoutSeconds * 1_000) });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.toString().slice(0, 300)}`);
    return {
      seconds: round((nowMs() - started) / 1000, 2),
      mib: round(body.length / 2 ** 20, 1),
      cpuSeconds: round((cpuSeconds(pid) ?? 0) - cpuBefore, 2),
      rssBeforeMiB: rssBefore,
      rssPeakMiB: round(rssPeak, 1),
    };
  } finally {
    clearInterval(sampler);
  }
};

/** The floor: the same rows in the detail's order, one SELECT through pg (rows parsed), nothing formatted. */
const rawSelect = async (databaseUrl: string, { COUNTED_CASE_SQL }: CountedSql): Promise<{ rows: number; seconds: number }> => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = nowMs();
    const { rowCount } = await client.query(
      `SELECT p.record, p.channel FROM analytics.case_paths p WHERE p.mall_id = $1 AND p.month = $2 AND p.record IS NOT NULL AND ${COUNTED_CASE_SQL}
       ORDER BY p.received_at, p.complaint_id`,
      [MALL, MONTH],
    );
    return { rows: rowCount ?? 0, seconds: round((nowMs() - started) / 1000, 2) };
  } finally {
    await client.end();
  }
};

/** One keyset page of 1,000 from the middle of the month as CaseDetailRepository.pagesOf reads it (median of 5, ms) and its plan's top node. */
const detailPage = async (databaseUrl: string, { COUNTED_CASE_SQL, COUNTED_CHANNEL_SQL }: CountedSql): Promise<{ ms: number; plan: string }> => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const where = `p.mall_id = $1 AND p.month = $2 AND p.record IS NOT NULL AND ${COUNTED_CASE_SQL}`;
    const { rows: middle } = await client.query<{ received_at: Date; complaint_id: string }>(
      `SELECT received_at, complaint_id FROM analytics.case_paths p WHERE ${where} ORDER BY p.received_at, p.complaint_id OFFSET $3 LIMIT 1`,
      [MALL, MONTH, Math.floor(settings.cases / 2)],
    );
    if (middle.length === 0) return { ms: 0, plan: 'no rows' };
    const sql = `SELECT p.record, ${COUNTED_CHANNEL_SQL} AS channel, p.complaint_id, p.received_at FROM analytics.case_paths p WHERE ${where}
      AND (p.received_at, p.complaint_id) > ($4::timestamptz, $5::uuid) ORDER BY p.received_at, p.complaint_id LIMIT $3`;
    const params = [MALL, MONTH, 1_000, middle[0].received_at, middle[0].complaint_id];
    const times: number[] = [];
    for (let n = 0; n < 5; n++) {
      const started = nowMs();
      await client.query(sql, params);
      times.push(nowMs() - started);
    }
    const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    return { ms: round(median(times), 1), plan: plan.map((line) => line['QUERY PLAN'].trim()).filter((line) => /Scan|Sort/.test(line) && !line.startsWith('->  Limit')).slice(0, 2).join(' / ') };
  } finally {
    await client.end();
  }
};

interface Measured {
  build: string;
  pageMs: number;
  pagePlan: string;
  xlsx: Download[];
  csv: Download[];
}

/** The service of one build on the bench's database: the detail page, then XLSX and CSV downloads in turn. */
const measureBuild = async (buildRoot: string, label: string, databaseUrl: string, env: Record<string, string>, token: string, logFile: string): Promise<Measured> => {
  const service = await startAnalytics(env, logFile, buildRoot, servicePort);
  try {
    // Migrations ran at start: the page is read with the indexes this build has.
    const page = await detailPage(databaseUrl, countedSqlOf(buildRoot));
    say(`${label}: one detail page of 1,000 (keyset, middle of the month) ${page.ms} ms; plan ${page.plan}`);
    const xlsx: Download[] = [];
    const csv: Download[] = [];
    for (let n = 0; n < settings.repeats; n++) {
      const workbook = await download(service, `/analytics/malls/${MALL}/exports/monthly.xlsx?month=${MONTH}`, token);
      xlsx.push(workbook);
      say(`${label}: XLSX ${workbook.seconds} s, ${workbook.mib} MiB, service CPU ${workbook.cpuSeconds} s, RSS ${workbook.rssBeforeMiB} → peak ${workbook.rssPeakMiB} MiB; load ${load()}`);
      const detail = await download(service, `/analytics/malls/${MALL}/exports/monthly-detail.csv?month=${MONTH}`, token);
      csv.push(detail);
      say(`${label}: CSV  ${detail.seconds} s, ${detail.mib} MiB, service CPU ${detail.cpuSeconds} s, RSS ${detail.rssBeforeMiB} → peak ${detail.rssPeakMiB} MiB; load ${load()}`);
    }
    return { build: buildRoot, pageMs: page.ms, pagePlan: page.plan, xlsx, csv };
  } finally {
    await stopService(service);
  }
};

const main = async (): Promise<void> => {
  say(`mallcare export bench – ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; load average ${load()}`);
  say(`one mall (${MALL}), ${settings.cases} cases in ${MONTH}; ${settings.repeats} downloads of each file per build${beforeRoot ? `; before: ${beforeRoot}` : ''}`);
  const postgres = await startBenchPostgres((line) => process.stderr.write(`${line}\n`));
  const database = await createDatabase(postgres.serverUrl, 'bench_export');
  const logFile = join(tmpdir(), `mallcare-export-bench-${randomBytes(3).toString('hex')}.log`);
  const signingJwk = generateSigningJwk();
  const env = { DATABASE_URL: database.url, AUTH_JWKS: JSON.stringify(publicKeySetOf([signingJwk])), EVENT_POLL_INTERVAL_MS: '200' };
  let summary: Record<string, unknown> = {};
  let failed = false;
  try {
    // The first (oldest) build creates analytics' schema; the newer one then only adds its migrations.
    const { policy } = await seedGroupMonth(database.url, env, logFile, { malls: 1, casesPerMall: 1, bigMallCases: settings.cases, month: MONTH }, beforeRoot ?? root, servicePort);
    const rebuild = await runRebuild(beforeRoot ?? root, database.url, 'rebuild', 600);
    say(`rebuild: ${rebuild.events} events → ${rebuild.cases} case paths in ${(rebuild.millis / 1000).toFixed(1)} s; load ${load()}`);
    const gm = identityOfStaff(policy, `${MALL.toLowerCase()}-gm`) ?? identityOfStaff(policy, 'hq-ops-1');
    if (!gm) throw new Error('no one in the generated policy to download as');
    const token = signStaffToken(gm, { key: signingKeyFromJwk(signingJwk), expiresInSeconds: 3_600, issuer: 'mallcare', audience: 'mallcare-api' });
    const raw = await rawSelect(database.url, countedSqlOf(beforeRoot ?? root));
    say(`raw baseline: the same ${raw.rows} rows by one plain SELECT in the detail's order: ${raw.seconds} s; load ${load()}`);
    const before = beforeRoot ? await measureBuild(beforeRoot, 'before', database.url, env, token, logFile) : null;
    const after = await measureBuild(root, beforeRoot ? 'after ' : 'this build', database.url, env, token, logFile);
    const rawAfter = await rawSelect(database.url, countedSqlOf(root));
    say(`raw baseline again: ${rawAfter.seconds} s`);
    const best = (downloads: Download[]): number => Math.min(...downloads.map((one) => one.seconds));
    const peak = (downloads: Download[]): number => Math.max(...downloads.map((one) => one.rssPeakMiB));
    say(
      `XLSX ${settings.cases} rows: ${after.xlsx.map((one) => one.seconds).join(' / ')} s, peak RSS ${peak(after.xlsx)} MiB (targets < 5 s: ${best(after.xlsx) < 5 ? 'met' : 'MISSED'}; < 500 MB: ${peak(after.xlsx) * 1.048576 < 500 ? 'met' : 'MISSED'})` +
        (before ? `; before ${before.xlsx.map((one) => one.seconds).join(' / ')} s, peak RSS ${peak(before.xlsx)} MiB` : ''),
    );
    summary = { settings, rawSelect: [raw, rawAfter], rebuild, before, after, loadAverage: loadavg() };
  } catch (error) {
    failed = true;
    say(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await dropDatabase(postgres.serverUrl, database.name).catch(() => undefined);
    await postgres.stop();
  }
  say(`service log: ${logFile}`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (failed) process.exitCode = 1;
};

void main();
