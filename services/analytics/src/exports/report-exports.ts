import type { Writable } from 'node:stream';
import type { CaseDetailRow, HqRollup, MallMonthlyReport } from '../reports/report.types';
import { caseDetailColumns } from './case-detail.columns';
import type { CjkFont } from './cjk-font';
import { writeCsv } from './csv.exporter';
import type { ExportNames } from './export-labels';
import { rollupAnalysisDocument, rollupColumns, rollupLines } from './hq-rollup.mapping';
import { monthlyAnalysisDocument } from './monthly-analysis.mapping';
import { writeAnalysisPdf } from './pdf-analysis.exporter';
import { fromArray } from './export-table';
import { rollupSheetNames, SHEET_NAMES, XlsxReportWriter } from './xlsx-workbook.exporter';

/** The monthly workbook: 客诉月报明细 (one row per case, streamed) then 客诉月报分析. Returns the detail row count. */
export const writeMonthlyWorkbook = async (
  output: Writable,
  report: MallMonthlyReport,
  detail: AsyncIterable<CaseDetailRow>,
  names: ExportNames,
): Promise<number> => {
  const writer = new XlsxReportWriter(output);
  const rows = await writer.addTableSheet(SHEET_NAMES.monthlyDetail, caseDetailColumns(report.timeZone, names), detail);
  await writer.addAnalysisSheet(SHEET_NAMES.monthlyAnalysis, monthlyAnalysisDocument(report, names));
  await writer.commit();
  return rows;
};

/** The weekly workbook 客诉周报明细: the week's cases with their whole path. */
export const writeWeeklyWorkbook = async (output: Writable, timeZone: string, detail: AsyncIterable<CaseDetailRow>, names: ExportNames): Promise<number> => {
  const writer = new XlsxReportWriter(output);
  const rows = await writer.addTableSheet(SHEET_NAMES.weeklyDetail, caseDetailColumns(timeZone, names), detail);
  await writer.commit();
  return rows;
};

/** The monthly detail as CSV (UTF-8 with BOM), the same columns as the sheet. */
export const writeMonthlyDetailCsv = (output: Writable, timeZone: string, detail: AsyncIterable<CaseDetailRow>, names: ExportNames): Promise<number> =>
  writeCsv(output, caseDetailColumns(timeZone, names), detail);

export const writeMonthlyAnalysisPdf = (output: Writable, report: MallMonthlyReport, names: ExportNames, font: CjkFont): Promise<void> =>
  writeAnalysisPdf(output, monthlyAnalysisDocument(report, names), font);

/** HQ's workbook: 集团月报汇总 (group total, then every mall by rank) and 集团月报分析; 季报/年报 for a quarter or year. */
export const writeRollupWorkbook = async (output: Writable, rollup: HqRollup): Promise<number> => {
  const writer = new XlsxReportWriter(output);
  const sheets = rollupSheetNames(rollup.periodKind);
  const rows = await writer.addTableSheet(sheets.table, rollupColumns(), fromArray(rollupLines(rollup)));
  await writer.addAnalysisSheet(sheets.analysis, rollupAnalysisDocument(rollup));
  await writer.commit();
  return rows;
};

export const writeRollupPdf = (output: Writable, rollup: HqRollup, font: CjkFont): Promise<void> => writeAnalysisPdf(output, rollupAnalysisDocument(rollup), font);
