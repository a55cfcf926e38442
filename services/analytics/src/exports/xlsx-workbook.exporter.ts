import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { AnalysisDocument, AnalysisSection, AnalysisTableColumn, BarChart, LineChart } from './analysis-document';
import { columnWidth, isLocalInstant, wallClockDate, type CellFormat, type CellValue, type ExportColumn } from './export-table';

/** The sheet names people know from the hand-made spreadsheets. */
export const SHEET_NAMES = {
  weeklyDetail: '客诉周报明细',
  monthlyDetail: '客诉月报明细',
  monthlyAnalysis: '客诉月报分析',
  hqRollup: '集团月报汇总',
  hqRollupAnalysis: '集团月报分析',
} as const;

const PERIOD_WORD = { month: '月报', quarter: '季报', year: '年报' } as const;

/** HQ's sheets for a month (集团月报汇总), a quarter (集团季报汇总) or a year (集团年报汇总). */
export const rollupSheetNames = (periodKind: keyof typeof PERIOD_WORD): { table: string; analysis: string } => ({
  table: `集团${PERIOD_WORD[periodKind]}汇总`,
  analysis: `集团${PERIOD_WORD[periodKind]}分析`,
});

const NUMBER_FORMAT: Record<CellFormat, string | undefined> = {
  text: undefined,
  integer: '0',
  decimal: '0.0',
  percent: '0.0%',
  minutes: '#,##0.0',
  datetime: 'yyyy-mm-dd hh:mm',
};

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 14 };
const HEADING_FONT: Partial<ExcelJS.Font> = { bold: true, size: 12 };
/** Yield to the event loop every this many rows, so the zip stream drains into the response. */
const ROWS_PER_PAUSE = 500;

const cellOf = (value: CellValue): ExcelJS.CellValue => {
  if (value === null) return null;
  if (isLocalInstant(value)) return wallClockDate(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  return value;
};

const headerText = (column: { headerZh: string; headerEn: string }): string => `${column.headerZh}\n${column.headerEn}`;

const waitForDrain = (output: Writable): Promise<void> =>
  output.writableNeedDrain ? new Promise((resolve) => output.once('drain', () => resolve())) : new Promise((resolve) => setImmediate(resolve));

/**
 * A workbook written straight to a stream (exceljs' streaming writer): each row is committed as it
 * is added, so a 50,000-row detail sheet never sits in memory. Sheets are written one after another.
 */
export class XlsxReportWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor(private readonly output: Writable) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    this.workbook.creator = 'mallcare analytics';
    this.workbook.created = new Date();
  }

  /** A table sheet: one header row (中文 over English), frozen, with an auto filter; returns the data row count. */
  async addTableSheet<Row>(name: string, columns: readonly ExportColumn<Row>[], rows: AsyncIterable<Row>): Promise<number> {
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    sheet.columns = columns.map((column) => ({ key: column.key, width: columnWidth(column as ExportColumn<unknown>) }));
    // One style object per column, shared by every cell: exceljs then finds it in its cache instead of hashing a copy per cell.
    const styles = columns.map((column): Partial<ExcelJS.Style> => Object.freeze(NUMBER_FORMAT[column.format] ? { numFmt: NUMBER_FORMAT[column.format] } : {}));
    const header = sheet.addRow(columns.map(headerText));
    header.height = 32;
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { wrapText: true, vertical: 'middle' };
    });
    header.commit();
    let count = 0;
    for await (const row of rows) {
      const added = sheet.addRow(columns.map((column) => cellOf(column.value(row))));
      for (let index = 0; index < columns.length; index++) added.getCell(index + 1).style = styles[index];
      added.commit();
      if (++count % ROWS_PER_PAUSE === 0) await waitForDrain(this.output);
    }
    sheet.commit();
    return count;
  }

  /** The monthly analysis as a sheet: tables as they are, charts as the table of their numbers, footnotes last. */
  addAnalysisSheet(name: string, document: AnalysisDocument): void {
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
    const widest = Math.max(2, ...document.sections.map(columnCountOf));
    sheet.columns = Array.from({ length: widest }, (_, index) => ({ width: index === 0 ? 28 : 14 }));
    const title = sheet.addRow([document.title]);
    title.font = TITLE_FONT;
    title.commit();
    sheet.addRow([document.subtitle]).commit();
    for (const section of document.sections) {
      sheet.addRow([]).commit();
      writeSection(sheet, section);
    }
    sheet.addRow([]).commit();
    const notesHeading = sheet.addRow(['指标定义与统计口径 (Definitions and counting rules)']);
    notesHeading.font = HEADING_FONT;
    notesHeading.commit();
    document.footnotes.forEach((note, index) => sheet.addRow([`${index + 1}. ${note}`]).commit());
    sheet.commit();
  }

  /** Finishes the zip; resolves when the last byte was handed to the stream. */
  async commit(): Promise<void> {
    await this.workbook.commit();
  }
}

const columnCountOf = (section: AnalysisSection): number => {
  switch (section.kind) {
    case 'table':
      return section.columns.length;
    case 'bar-chart':
      return section.series.length + 1;
    case 'line-chart':
      return section.series.length + 1;
    case 'heading':
    case 'paragraph':
      return 1;
    default: {
      const unexpected: never = section;
      throw new Error(`unknown section ${JSON.stringify(unexpected)}`);
    }
  }
};

const writeTable = (sheet: ExcelJS.Worksheet, title: string, columns: readonly AnalysisTableColumn[], rows: readonly CellValue[][], emptyText?: string): void => {
  const heading = sheet.addRow([title]);
  heading.font = HEADING_FONT;
  heading.commit();
  const header = sheet.addRow(columns.map(headerText));
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  header.commit();
  if (rows.length === 0) {
    sheet.addRow([emptyText ?? '无 (none)']).commit();
    return;
  }
  for (const values of rows) {
    const row = sheet.addRow(values.map(cellOf));
    values.forEach((_, index) => {
      const format = NUMBER_FORMAT[columns[index]?.format ?? 'text'];
      if (format) row.getCell(index + 1).numFmt = format;
    });
    row.commit();
  }
};

const chartAsTable = (chart: BarChart | LineChart): { columns: AnalysisTableColumn[]; rows: CellValue[][] } => {
  const labels = chart.kind === 'bar-chart' ? chart.categories : chart.labels;
  return {
    columns: [{ headerZh: '项目', headerEn: 'Item', format: 'text' }, ...chart.series.map((series) => ({ headerZh: series.name, headerEn: '', format: chart.format }))],
    rows: labels.map((label, index) => [label, ...chart.series.map((series) => series.values[index] ?? null)]),
  };
};

const writeSection = (sheet: ExcelJS.Worksheet, section: AnalysisSection): void => {
  switch (section.kind) {
    case 'heading': {
      const row = sheet.addRow([section.text]);
      row.font = HEADING_FONT;
      row.commit();
      return;
    }
    case 'paragraph':
      sheet.addRow([section.text]).commit();
      return;
    case 'table':
      writeTable(sheet, section.title, section.columns, section.rows, section.emptyText);
      return;
    case 'bar-chart':
    case 'line-chart': {
      const table = chartAsTable(section);
      writeTable(sheet, section.title, table.columns, table.rows);
      return;
    }
    default: {
      const unexpected: never = section;
      throw new Error(`unknown section ${JSON.stringify(unexpected)}`);
    }
  }
};
