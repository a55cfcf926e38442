import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { EVENT_CATALOGUE, PRODUCING_SERVICES, schemaOf, type ProducingService } from '@mallcare/contracts';
import { createServiceDataSource, migrateServiceSchema, PostgresEventStore } from '@mallcare/event-store';
import { loadServiceConfig, startService } from '@mallcare/platform';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { bearerFor, createTestDatabase, TEST_AUTH_JWKS, type TestDatabase } from '@mallcare/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { analyticsService } from '../analytics.service-definition';
import { CJK_FONT_VARIABLE } from '../exports/cjk-font';
import { SHEET_NAMES } from '../exports/xlsx-workbook.exporter';
import { FOLDED_EVENT_TYPES } from '../figures/case-path.fold';
import { after, CaseLog } from '../figures/test-support/case-events.fixture';
import { MonthlyPackRunner, SCHEDULE_ACTOR, type PackRunResult } from './monthly-pack.runner';
import { MONTHLY_PACK_LOCK } from './report-pack.repository';
import { MonthlyPackSchedule } from './monthly-pack.schedule';
import type { ReportPackPage } from './report-packs.controller';

/**
 * The exports and the monthly packs on analytics as it runs (its Nest app on a real PostgreSQL, the
 * embedded transport following the producers' logs): a few October cases of SH01 and SH02, then the
 * downloads over HTTP, the pack job, its lock, its rerun and its events.
 */

/** The value, or a test failure naming what was missing. */
const must = <T>(value: T | undefined | null, what: string): T => {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
};

const MALLS = SAMPLE_GROUP_POLICY.malls.map((mall) => mall.id);
/** Per mall a workbook and a PDF, and HQ's roll-up workbook and PDF. */
const PACKS_PER_MONTH = MALLS.length * 2 + 2;

let database: TestDatabase;
let app: INestApplication;
let baseUrl = '';
let db: DataSource;
const sources: DataSource[] = [];
const stores = new Map<ProducingService, PostgresEventStore>();

const request = (staffId: string, method: 'GET' | 'POST', path: string): Promise<Response> =>
  fetch(`${baseUrl}${path}`, { method, headers: { authorization: bearerFor(staffId) } });

const body = async (response: Response): Promise<Buffer> => Buffer.from(await response.arrayBuffer());

const workbookOf = async (bytes: Buffer): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
};

const packEvents = async (month: string): Promise<{ data: { scope: string; kind: string; packId: string } }[]> =>
  db.query(`SELECT data FROM analytics.events WHERE event_type = 'MonthlyAnalysisPackProduced' AND data->>'month' = $1`, [month]);

/** Closed, open and inquiry cases in October 2026 (Shanghai) for SH01 (5) and SH02 (2). */
const seedCases = (): CaseLog[] => {
  const logs: CaseLog[] = [];
  for (let index = 0; index < 7; index++) {
    const mallId = index < 5 ? 'SH01' : 'SH02';
    const receivedAt = `2026-10-${String(3 + index).padStart(2, '0')}T02:00:00.000Z`;
    const log = new CaseLog(mallId);
    if (index === 4) {
      log.registered(receivedAt, 'inquiry').inquiryAnswered(after(receivedAt, 3));
    } else {
      log.registered(receivedAt).routed(after(receivedAt, 5)).assigned(after(receivedAt, 6));
      if (index % 2 === 0) {
        log.progress(after(receivedAt, 30)).verified(after(receivedAt, 40)).classifiedGeneral(after(receivedAt, 41)).resolved(after(receivedAt, 120));
        log.attempt(after(receivedAt, 240), 1, true).outcome(after(receivedAt, 240), 'satisfied', `满意, "谢谢" ${index}`).closed(after(receivedAt, 240), 'satisfied', 'satisfied');
      }
    }
    logs.push(log);
  }
  return logs;
};

const waitForInbox = async (expected: number, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let handled = 0;
  while (Date.now() < deadline) {
    const [row]: { handled: string }[] = await db.query(`SELECT count(*)::text AS handled FROM analytics.inbox`);
    handled = Number(row.handled);
    if (handled >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`analytics handled ${handled} of ${expected} events in ${timeoutMs / 1000}s`);
};

/** The figures cache refreshes in the background; the export must show the seeded month, so wait for it. */
const waitForReport = async (mallId: string, month: string, received: number, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    const response = await request('hq-ops-1', 'GET', `/analytics/malls/${mallId}/reports/monthly?month=${month}`);
    if (response.ok) {
      seen = ((await response.json()) as { figures: { received: number } }).figures.received;
      if (seen === received) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the ${mallId} report of ${month} shows ${seen} cases, not ${received}`);
};

beforeAll(async () => {
  database = await createTestDatabase();
  for (const service of PRODUCING_SERVICES.filter((name) => name !== 'analytics')) {
    const schema = schemaOf(service);
    const dataSource = createServiceDataSource({ url: database.url, schema, poolSize: 2 });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, schema);
    sources.push(dataSource);
    stores.set(service, new PostgresEventStore(dataSource, service, schema));
  }
  const config = loadServiceConfig('analytics', {
    DATABASE_URL: database.url,
    AUTH_JWKS: TEST_AUTH_JWKS,
    KAFKA_NAMESPACE: `analytics-pack-it-${randomUUID().slice(0, 8)}`,
    EVENT_POLL_INTERVAL_MS: '50',
    DB_POOL_SIZE: '6',
  });
  app = await startService(analyticsService, { ...config, port: 0 }, { handleSignals: false });
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  db = sources[0];

  let folded = 0;
  for (const log of seedCases()) {
    for (const event of log.events) {
      const producer = EVENT_CATALOGUE[event.type].producer as ProducingService;
      await must(stores.get(producer), producer).append(
        `${producer}-${log.complaintId}`,
        [{ type: event.type, data: event.data, occurredAt: event.metadata.occurredAt } as never],
        { complaintId: log.complaintId, mallId: log.mallId, actor: { type: 'system', id: 'it' }, correlationId: log.complaintId, causationId: null },
        'any',
      );
      if ((FOLDED_EVENT_TYPES as readonly string[]).includes(event.type)) folded++;
    }
  }
  await waitForInbox(folded);
  await waitForReport('SH01', '2026-10', 5);
  await waitForReport('SH02', '2026-10', 2);
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const dataSource of sources) await dataSource.destroy();
  await database?.drop();
});

describe('exports over HTTP', () => {
  it('streams the monthly workbook with a UTF-8 file name; its detail sheet has one row per case', async () => {
    const response = await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly.xlsx?month=2026-10');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="SH01-monthly-2026-10.xlsx"; filename*=UTF-8''${encodeURIComponent('上海虹桥广场-客诉月报-2026-10.xlsx')}`,
    );
    const workbook = await workbookOf(await body(response));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([SHEET_NAMES.monthlyDetail, SHEET_NAMES.monthlyAnalysis]);
    const detail = must(workbook.getWorksheet(SHEET_NAMES.monthlyDetail), SHEET_NAMES.monthlyDetail);
    expect(detail.getCell('A1').value).toBe('案件编号\nCase number');
    expect(detail.actualRowCount).toBe(1 + 5);
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('streams the weekly workbook, the CSV with a BOM and the PDF', async () => {
    const weekly = await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/weekly.xlsx?week=2026-W41');
    expect(weekly.status).toBe(200);
    const weeklyBook = await workbookOf(await body(weekly));
    // 2026-W41 is 5–11 October: the cases of the 5th, 6th and 7th (Shanghai).
    expect(must(weeklyBook.getWorksheet(SHEET_NAMES.weeklyDetail), SHEET_NAMES.weeklyDetail).actualRowCount).toBe(1 + 3);

    const csv = await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly-detail.csv?month=2026-10');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = (await body(csv)).toString('utf8');
    expect(text.startsWith('\uFEFF案件编号 (Case number),')).toBe(true);
    expect(text.split('\r\n').filter((line) => line.length > 0)).toHaveLength(1 + 5);
    const inquiries = await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly-detail.csv?month=2026-10&kind=inquiry');
    expect((await body(inquiries)).toString('utf8').split('\r\n').filter((line) => line.length > 0)).toHaveLength(1 + 1);
    expect((await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly-detail.csv?month=2026-10&kind=gossip')).status).toBe(400);

    const pdf = await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly-analysis.pdf?month=2026-10');
    expect(pdf.status).toBe(200);
    const bytes = await body(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.includes(Buffer.from('NotoSansCJKsc-Regular'))).toBe(true);
  }, 60_000);

  it('gives HQ the roll-up workbook with every mall', async () => {
    const response = await request('hq-ops-1', 'GET', '/analytics/hq/exports/rollup.xlsx?month=2026-10');
    expect(response.status).toBe(200);
    const sheet = must((await workbookOf(await body(response))).getWorksheet(SHEET_NAMES.hqRollup), SHEET_NAMES.hqRollup);
    expect(sheet.actualRowCount).toBe(1 + 1 + MALLS.length);
    expect(sheet.getCell('B2').value).toBe('集团合计');
  });

  it('gives HQ a quarter’s or a year’s roll-up too, and the roll-up as PDF', async () => {
    const quarter = await request('hq-ops-1', 'GET', '/analytics/hq/exports/rollup.xlsx?quarter=2026-Q4');
    expect(quarter.status).toBe(200);
    expect(quarter.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('集团客诉季报汇总-2026-Q4.xlsx')}`);
    const workbook = await workbookOf(await body(quarter));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['集团季报汇总', '集团季报分析']);
    expect(must(workbook.getWorksheet('集团季报汇总'), 'quarter sheet').getCell('D2').value).toBe(7);

    const pdf = await request('hq-ops-1', 'GET', '/analytics/hq/exports/rollup.pdf?year=2026');
    expect(pdf.status).toBe(200);
    expect((await body(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await request('hq-ops-1', 'GET', '/analytics/hq/exports/rollup.xlsx')).status).toBe(400);
    expect((await request('hq-ops-1', 'GET', '/analytics/hq/exports/rollup.xlsx?month=2026-10&year=2026')).status).toBe(400);
  }, 60_000);

  it('keeps to the report roles and validates the period', async () => {
    expect((await request('sh02-gm', 'GET', '/analytics/malls/SH01/exports/monthly.xlsx?month=2026-10')).status).toBe(403);
    expect((await request('sh01-gm', 'GET', '/analytics/hq/exports/rollup.xlsx?month=2026-10')).status).toBe(403);
    expect((await request('sh01-desk-1', 'GET', '/analytics/malls/SH01/exports/monthly-detail.csv?month=2026-10')).status).toBe(403);
    const invalid = await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly.xlsx?month=2026-13');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: { field: string }[] }).errors[0].field).toBe('month');
    expect((await request('hq-ops-1', 'GET', '/analytics/malls/ZZ99/exports/monthly-detail.csv?month=2026-10')).status).toBe(404);
  });

  it('answers 503 for the PDF alone when the CJK font is missing', async () => {
    process.env[CJK_FONT_VARIABLE] = '/nonexistent/NotoSansCJK-Regular.ttc';
    try {
      const response = await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly-analysis.pdf?month=2026-10');
      expect(response.status).toBe(503);
      expect(((await response.json()) as { detail: string }).detail).toContain('fonts-noto-cjk');
      expect((await request('sh01-gm', 'GET', '/analytics/malls/SH01/exports/monthly-detail.csv?month=2026-10')).status).toBe(200);
    } finally {
      delete process.env[CJK_FONT_VARIABLE];
    }
  });
});

describe('monthly packs', () => {
  it('produces every mall’s pack and HQ’s roll-up once, with one event per file; a rerun adds nothing', async () => {
    const first = await request('hq-admin', 'POST', '/analytics/packs/run?month=2026-10&wait=true');
    expect(first.status).toBe(200);
    const result = (await first.json()) as PackRunResult;
    expect(result).toMatchObject({ month: '2026-10', status: 'completed', alreadyStored: 0, failures: [] });
    expect(result.produced).toHaveLength(PACKS_PER_MONTH);

    const rows: { scope: string; kind: string; sha256: string; byte_length: number }[] = await db.query(
      `SELECT scope, kind, sha256, byte_length FROM analytics.report_packs WHERE month = '2026-10' ORDER BY scope, kind`,
    );
    expect(rows).toHaveLength(PACKS_PER_MONTH);
    expect(rows.filter((row) => row.scope === 'hq').map((row) => row.kind)).toEqual(['hq-rollup-pdf', 'hq-rollup-workbook']);
    const events = await packEvents('2026-10');
    expect(events).toHaveLength(PACKS_PER_MONTH);
    expect(new Set(events.map((event) => event.data.packId))).toEqual(new Set(result.produced.map((pack) => pack.id)));

    const rerun = (await (await request('hq-admin', 'POST', '/analytics/packs/run?month=2026-10&wait=true')).json()) as PackRunResult;
    expect(rerun).toMatchObject({ status: 'completed', produced: [], alreadyStored: PACKS_PER_MONTH });
    expect(await packEvents('2026-10')).toHaveLength(PACKS_PER_MONTH);
    const [{ count }]: { count: string }[] = await db.query(`SELECT count(*)::text AS count FROM analytics.report_packs WHERE month = '2026-10'`);
    expect(Number(count)).toBe(PACKS_PER_MONTH);
  }, 120_000);

  it('lists packs by the reader’s scope and downloads the stored file', async () => {
    const hq = (await (await request('hq-ops-1', 'GET', '/analytics/packs?month=2026-10&limit=200')).json()) as ReportPackPage;
    expect(hq.total).toBe(PACKS_PER_MONTH);
    const mall = (await (await request('sh01-gm', 'GET', '/analytics/packs?month=2026-10')).json()) as ReportPackPage;
    expect(mall.packs.map((pack) => `${pack.scope}/${pack.kind}`).sort()).toEqual(['SH01/monthly-analysis-pdf', 'SH01/monthly-workbook']);

    const workbookPack = must(mall.packs.find((pack) => pack.kind === 'monthly-workbook'), 'pack');
    const download = await request('sh01-gm', 'GET', `/analytics/packs/${workbookPack.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('etag')).toBe(`"${workbookPack.sha256}"`);
    expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('上海虹桥广场-客诉月报-2026-10.xlsx')}`);
    const workbook = await workbookOf(await body(download));
    expect(must(workbook.getWorksheet(SHEET_NAMES.monthlyDetail), SHEET_NAMES.monthlyDetail).actualRowCount).toBe(1 + 5);

    const hqPack = must(hq.packs.find((pack) => pack.scope === 'hq'), 'pack');
    expect((await request('sh01-gm', 'GET', `/analytics/packs/${hqPack.id}`)).status).toBe(404);
    const sh02Pack = must(hq.packs.find((pack) => pack.scope === 'SH02'), 'pack');
    expect((await request('sh01-gm', 'GET', `/analytics/packs/${sh02Pack.id}`)).status).toBe(404);
    expect((await request('hq-ops-1', 'GET', `/analytics/packs/${sh02Pack.id}`)).status).toBe(200);
    expect((await request('hq-ops-1', 'POST', '/analytics/packs/run?month=2026-10')).status).toBe(403);
  });

  it('lets one runner at a time produce: a held lock skips, two concurrent runs produce each pack once', async () => {
    const runner = app.get(MonthlyPackRunner);
    // Another instance holding the lock: this one skips without doing anything.
    const other = new Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [MONTHLY_PACK_LOCK]);
      expect(await runner.run('2026-09', 'schedule', SCHEDULE_ACTOR)).toMatchObject({ status: 'skipped', produced: [] });
      expect((await request('hq-admin', 'POST', '/analytics/packs/run?month=2026-09')).status).toBe(409);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [MONTHLY_PACK_LOCK]);
    } finally {
      await other.end();
    }
    expect(await packEvents('2026-09')).toHaveLength(0);

    const [a, b] = await Promise.all([runner.run('2026-09', 'schedule', SCHEDULE_ACTOR), runner.run('2026-09', 'schedule', SCHEDULE_ACTOR)]);
    expect(a.produced.length + b.produced.length).toBe(PACKS_PER_MONTH);
    expect([a.status, b.status]).toContain('completed');
    expect(await packEvents('2026-09')).toHaveLength(PACKS_PER_MONTH);
  }, 120_000);

  it('the hourly schedule acts only on the 1st in the group’s time zone, for the month before', async () => {
    const schedule = app.get(MonthlyPackSchedule);
    await schedule.tickAt(new Date('2026-08-02T03:00:00.000Z'));
    expect(await packEvents('2026-07')).toHaveLength(0);
    // 1 August 01:30 in Shanghai is 31 July 17:30 UTC.
    await schedule.tickAt(new Date('2026-07-31T17:30:00.000Z'));
    expect(await packEvents('2026-07')).toHaveLength(PACKS_PER_MONTH);
  }, 120_000);

  it('tells SRE on /metrics what was produced and the latest month stored', async () => {
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`mallcare_analytics_pack_files_produced_total\\{[^}]*kind="monthly-workbook"[^}]*\\} ${MALLS.length * 3}`));
    expect(metrics).toMatch(/mallcare_analytics_packs_latest_month\{[^}]*\} 202610/);
  });
});
