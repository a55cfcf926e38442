import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Clock, PolicyStore } from '@mallcare/platform';
import { findMall, type MallPolicy } from '@mallcare/policy';
import { describeCjkFontSetting, resolveCjkFont, type CjkFont } from './cjk-font';
import { CONTENT_TYPES, safeFileName, type PreparedExport } from './export-file';
import { namesFromPolicy, type ExportNames } from './export-labels';
import { ExportsException } from '../exports.exception';
import type { CaseDetailFilters } from '../reports/dto/case-detail-filters.dto';
import { REPORT_SOURCE, type ReportSource } from './report-source';
import { writeMonthlyAnalysisPdf, writeMonthlyDetailCsv, writeMonthlyWorkbook, writeRollupPdf, writeRollupWorkbook, writeWeeklyWorkbook } from './report-exports';

const PERIOD_WORD = { month: '月报', quarter: '季报', year: '年报' } as const;

/**
 * Prepares each export: reads what must be known before the first byte (the mall, the report, the
 * font), so a failure there is a proper HTTP error; the returned `write` then streams the file.
 */
@Injectable()
export class ExportsService {
  constructor(
    @Inject(REPORT_SOURCE) private readonly source: ReportSource,
    private readonly policies: PolicyStore,
    private readonly clock: Clock,
  ) {}

  private mall(mallId: string): MallPolicy {
    const mall = findMall(this.policies.current(), mallId);
    if (!mall) throw new ExportsException('EXPORTS_UNKNOWN_MALL', `no mall ${mallId} in the group's policy`);
    return mall;
  }

  private names(): ExportNames {
    return namesFromPolicy(this.policies.current());
  }

  /** The PDF needs a CJK font; without one only the PDF exports are unavailable (503), the rest works. */
  cjkFont(): CjkFont {
    const font = resolveCjkFont();
    if (!font) {
      throw new ServiceUnavailableException(
        `the PDF export needs a CJK font and none was found at ${describeCjkFontSetting()}; install the Debian package fonts-noto-cjk or point ANALYTICS_CJK_FONT at a font file`,
      );
    }
    return font;
  }

  async monthlyWorkbook(mallId: string, month: string): Promise<PreparedExport> {
    const mall = this.mall(mallId);
    const report = await this.source.monthlyReport(mallId, month);
    const names = this.names();
    return {
      fileName: `${safeFileName(mall.name)}-客诉月报-${month}.xlsx`,
      asciiFileName: `${mallId}-monthly-${month}.xlsx`,
      contentType: CONTENT_TYPES.xlsx,
      figuresAsOf: report.asOf,
      write: async (output) => {
        await writeMonthlyWorkbook(output, report, this.source.caseDetailRows(mallId, { month }), names);
      },
    };
  }

  async weeklyWorkbook(mallId: string, week: string, filters: CaseDetailFilters = {}): Promise<PreparedExport> {
    const mall = this.mall(mallId);
    const names = this.names();
    return {
      fileName: `${safeFileName(mall.name)}-客诉周报明细-${week}.xlsx`,
      asciiFileName: `${mallId}-weekly-${week}.xlsx`,
      contentType: CONTENT_TYPES.xlsx,
      figuresAsOf: this.clock.now().toISOString(),
      write: async (output) => {
        await writeWeeklyWorkbook(output, mall.timeZone, this.source.caseDetailRows(mallId, { week }, filters), names);
      },
    };
  }

  async monthlyDetailCsv(mallId: string, month: string, filters: CaseDetailFilters = {}): Promise<PreparedExport> {
    const mall = this.mall(mallId);
    const names = this.names();
    return {
      fileName: `${safeFileName(mall.name)}-客诉月报明细-${month}.csv`,
      asciiFileName: `${mallId}-monthly-detail-${month}.csv`,
      contentType: CONTENT_TYPES.csv,
      figuresAsOf: this.clock.now().toISOString(),
      write: async (output) => {
        await writeMonthlyDetailCsv(output, mall.timeZone, this.source.caseDetailRows(mallId, { month }, filters), names);
      },
    };
  }

  async monthlyAnalysisPdf(mallId: string, month: string): Promise<PreparedExport> {
    const mall = this.mall(mallId);
    const font = this.cjkFont();
    const report = await this.source.monthlyReport(mallId, month);
    const names = this.names();
    return {
      fileName: `${safeFileName(mall.name)}-客诉月报分析-${month}.pdf`,
      asciiFileName: `${mallId}-monthly-analysis-${month}.pdf`,
      contentType: CONTENT_TYPES.pdf,
      figuresAsOf: report.asOf,
      write: (output) => writeMonthlyAnalysisPdf(output, report, names, font),
    };
  }

  /** `period`: a month (2026-11), a quarter (2026-Q4) or a year (2026). */
  async rollupWorkbook(period: string): Promise<PreparedExport> {
    const rollup = await this.source.hqRollup(period);
    return {
      fileName: `集团客诉${PERIOD_WORD[rollup.periodKind]}汇总-${period}.xlsx`,
      asciiFileName: `hq-rollup-${period}.xlsx`,
      contentType: CONTENT_TYPES.xlsx,
      figuresAsOf: rollup.asOf,
      write: async (output) => {
        await writeRollupWorkbook(output, rollup);
      },
    };
  }

  async rollupPdf(period: string): Promise<PreparedExport> {
    const font = this.cjkFont();
    const rollup = await this.source.hqRollup(period);
    return {
      fileName: `集团客诉${PERIOD_WORD[rollup.periodKind]}汇总-${period}.pdf`,
      asciiFileName: `hq-rollup-${period}.pdf`,
      contentType: CONTENT_TYPES.pdf,
      figuresAsOf: rollup.asOf,
      write: (output) => writeRollupPdf(output, rollup, font),
    };
  }
}
