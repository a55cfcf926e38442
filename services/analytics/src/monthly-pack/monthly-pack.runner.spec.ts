import type { PackKind } from '@mallcare/contracts';
import { SystemClock, type PolicyStore } from '@mallcare/platform';
import type { DataSource } from 'typeorm';
import type { PreparedExport } from '../exports/export-file';
import type { ExportsService } from '../exports/exports.service';
import type { MonthlyPackMetrics } from './monthly-pack.metrics';
import { MonthlyPackRunner, SCHEDULE_ACTOR } from './monthly-pack.runner';
import type { NewReportPack, ReportPackRepository, ReportPackSummary } from './report-pack.repository';

/** PostgreSQL's advisory lock as the runner uses it: one holder across every "instance" sharing this object. */
class FakeAdvisoryLocks {
  held = false;
  private query = async (sql: string): Promise<{ locked: boolean }[]> => {
    if (sql.includes('pg_try_advisory_lock')) {
      if (this.held) return [{ locked: false }];
      this.held = true;
      return [{ locked: true }];
    }
    if (sql.includes('pg_advisory_unlock')) this.held = false;
    return [];
  };

  dataSource(): DataSource {
    return {
      createQueryRunner: () => ({ connect: async () => undefined, release: async () => undefined, query: this.query }),
    } as unknown as DataSource;
  }
}

class FakePackRepository {
  readonly packs: NewReportPack[] = [];
  async kindsStored(scope: string, month: string): Promise<Set<PackKind>> {
    return new Set(this.packs.filter((pack) => pack.scope === scope && pack.month === month).map((pack) => pack.kind));
  }
  async save(pack: NewReportPack): Promise<ReportPackSummary | null> {
    if (this.packs.some((stored) => stored.scope === pack.scope && stored.month === pack.month && stored.kind === pack.kind)) return null;
    this.packs.push(pack);
    return { id: `${pack.scope}/${pack.kind}`, ...pack, byteLength: pack.bytes.length, sha256: 'x', producedAt: '2026-11-01T00:00:00.000Z' } as unknown as ReportPackSummary;
  }
}

const file = (name: string, fail = false): Promise<PreparedExport> =>
  new Promise((resolve, reject) =>
    // A little time per file, so a second run tries the lock while the first still holds it.
    setTimeout(() => {
      if (fail) reject(new Error(`${name} could not be read`));
      else
        resolve({
          fileName: name,
          asciiFileName: name,
          contentType: 'application/octet-stream',
          figuresAsOf: '2026-11-01T00:00:00.000Z',
          write: async (output) => {
            output.end(Buffer.from(name));
          },
        });
    }, 5),
  );

const runnerWith = (locks: FakeAdvisoryLocks, store: FakePackRepository, failing: string[] = []): MonthlyPackRunner => {
  const exports = {
    monthlyWorkbook: (mallId: string, month: string) => file(`${mallId}-${month}.xlsx`, failing.includes(`${mallId}/monthly-workbook`)),
    monthlyAnalysisPdf: (mallId: string, month: string) => file(`${mallId}-${month}.pdf`, failing.includes(`${mallId}/monthly-analysis-pdf`)),
    rollupWorkbook: (month: string) => file(`hq-${month}.xlsx`),
    rollupPdf: (month: string) => file(`hq-${month}.pdf`),
  } as unknown as ExportsService;
  const policies = { current: () => ({ malls: [{ id: 'SH01' }, { id: 'SH02' }] }) } as unknown as PolicyStore;
  const metrics = { produced: { inc: () => undefined }, failed: { inc: () => undefined } } as unknown as MonthlyPackMetrics;
  return new MonthlyPackRunner(locks.dataSource(), exports, store as unknown as ReportPackRepository, policies, metrics, new SystemClock());
};

describe('the monthly pack runner', () => {
  it('produces a workbook and a PDF per mall and HQ’s two files, then releases the lock', async () => {
    const locks = new FakeAdvisoryLocks();
    const store = new FakePackRepository();
    const result = await runnerWith(locks, store).run('2026-10', 'schedule', SCHEDULE_ACTOR);
    expect(result).toMatchObject({ status: 'completed', alreadyStored: 0, failures: [] });
    expect(store.packs.map((pack) => `${pack.scope}/${pack.kind}`)).toEqual([
      'SH01/monthly-workbook',
      'SH01/monthly-analysis-pdf',
      'SH02/monthly-workbook',
      'SH02/monthly-analysis-pdf',
      'hq/hq-rollup-workbook',
      'hq/hq-rollup-pdf',
    ]);
    expect(store.packs[0].bytes.toString()).toBe('SH01-2026-10.xlsx');
    expect(locks.held).toBe(false);
  });

  it('of two concurrent runs, one produces and the other skips', async () => {
    const locks = new FakeAdvisoryLocks();
    const store = new FakePackRepository();
    const [a, b] = await Promise.all([
      runnerWith(locks, store).run('2026-10', 'schedule', SCHEDULE_ACTOR),
      runnerWith(locks, store).run('2026-10', 'schedule', SCHEDULE_ACTOR),
    ]);
    expect([a.status, b.status].sort()).toEqual(['completed', 'skipped']);
    expect(a.produced.length + b.produced.length).toBe(6);
    expect(store.packs).toHaveLength(6);
  });

  it('keeps going when one pack fails, and a rerun produces only what is missing', async () => {
    const locks = new FakeAdvisoryLocks();
    const store = new FakePackRepository();
    const first = await runnerWith(locks, store, ['SH01/monthly-analysis-pdf']).run('2026-10', 'manual', SCHEDULE_ACTOR);
    expect(first.failures).toEqual([{ scope: 'SH01', kind: 'monthly-analysis-pdf', error: 'SH01-2026-10.pdf could not be read' }]);
    expect(first.produced).toHaveLength(5);
    expect(locks.held).toBe(false);

    const rerun = await runnerWith(locks, store).run('2026-10', 'manual', SCHEDULE_ACTOR);
    expect(rerun).toMatchObject({ status: 'completed', alreadyStored: 5, failures: [] });
    expect(rerun.produced.map((pack) => pack.id)).toEqual(['SH01/monthly-analysis-pdf']);
  });
});
