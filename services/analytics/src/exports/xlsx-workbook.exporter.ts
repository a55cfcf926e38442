import ExcelJS from 'exceljs';
import type { Duplex, Writable } from 'node:stream';
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

export const NUMBER_FORMAT: Record<CellFormat, string | undefined> = {
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
/** Rows are handed to the sheet's part in batches of this many. */
const ROWS_PER_BATCH = 500;
/**
 * How much of a sheet's XML may wait for the zip's compression before the writer stops reading rows.
 * exceljs' sheet part ignores write()'s answer: without this bound, rows read faster than deflate and
 * the response take them pile up in the zip entry's buffer (the response's own backpressure reaches
 * the compression, not the rows).
 */
const ZIP_BUFFER_BYTES = 4 * 2 ** 20;

/** A cell's value as the workbook holds it: wall-clock dates, 是/否 for booleans. */
export const xlsxCellValue = (value: CellValue): ExcelJS.CellValue => {
  if (value === null) return null;
  if (isLocalInstant(value)) return wallClockDate(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  return value;
};

/** What the row writer needs of exceljs' streaming worksheet and workbook (not in its typings). */
interface StreamingSheet {
  /** exceljs' StreamBuf of the sheet's part; `pipes` are the zip entry's input it writes to (archiver's PassThrough). */
  stream: { write(text: string): void; pipes: ZipEntryInput[] };
  /** The next row number exceljs would write. */
  _rowZero: number;
}
interface StreamingWorkbook {
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType: number): number };
}

/**
 * archiver's PassThrough in front of a zip entry: readable-stream 2's, which has no writableLength or
 * readableLength, only its states' lengths.
 */
type ZipEntryInput = Duplex & { _writableState: { length: number }; _readableState: { length: number } };

const bufferedBytes = (entry: ZipEntryInput): number => entry._writableState.length + entry._readableState.length;

/** exceljs' value types (Enums.ValueType) of the cells we write. */
const VALUE_TYPE = { null: 0, number: 2, string: 3, date: 4 } as const;
/** A column's letters (0 → A, 27 → AB). */
const columnLetters = (index: number): string => {
  let letters = '';
  for (let number = index + 1; number > 0; number = Math.floor((number - 1) / 26)) letters = String.fromCharCode(65 + ((number - 1) % 26)) + letters;
  return letters;
};
// The characters XML text must escape, and the control characters it cannot hold (exceljs drops them).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
/** Text as exceljs' xmlEncode writes it: the five entities escaped, control characters XML forbids dropped. */
const xmlText = (text: string): string => text.replace(XML_SPECIAL, (character) => XML_ESCAPES[character] ?? '');

/**
 * The data rows of a table sheet as the XML exceljs writes for them (its cell xform: `<c r s t><v>`,
 * strings inline as t="str", dates as serial numbers, styles from its own style table), written
 * straight into the sheet's part. exceljs' Row/Cell objects, style merging and per-cell style lookups
 * cost ~4 µs a cell; a 50,000-row detail has 1.9 M cells. The header, the sheet's frame and every
 * other part are still exceljs'.
 */
class SheetRowWriter {
  private readonly styleIds: Map<number, number>[];
  private readonly letters: string[];
  private rowNumber: number;

  constructor(
    private readonly sheet: StreamingSheet,
    private readonly workbook: StreamingWorkbook,
    private readonly numberFormats: readonly (string | undefined)[],
    private readonly output: Writable,
  ) {
    this.styleIds = numberFormats.map(() => new Map());
    this.letters = numberFormats.map((_, index) => columnLetters(index));
    this.rowNumber = sheet._rowZero;
  }

  private styleId(column: number, type: number): number {
    // A row may be wider than its columns (an analysis table's): those cells have no format.
    const ids = (this.styleIds[column] ??= new Map());
    let id = ids.get(type);
    if (id === undefined) {
      const format = this.numberFormats[column];
      id = this.workbook.styles.addStyleModel(format ? { numFmt: format } : {}, type);
      ids.set(type, id);
    }
    return id;
  }

  rowXml(values: readonly CellValue[]): string {
    const number = this.rowNumber++;
    let xml = `<row r="${number}" spans="1:${values.length}" x14ac:dyDescent="0.25">`;
    for (let column = 0; column < values.length; column++) {
      const value = xlsxCellValue(values[column]);
      const type = value === null ? VALUE_TYPE.null : value instanceof Date ? VALUE_TYPE.date : typeof value === 'number' ? VALUE_TYPE.number : VALUE_TYPE.string;
      const style = this.styleId(column, type);
      const open = `<c r="${(this.letters[column] ??= columnLetters(column))}${number}"${style ? ` s="${style}"` : ''}`;
      if (value === null) {
        if (style) xml += `${open}/>`;
      } else if (value instanceof Date) {
        xml += `${open}><v>${25569 + value.getTime() / 86_400_000}</v></c>`;
      } else if (typeof value === 'number') {
        xml += `${open}><v>${value}</v></c>`;
      } else {
        xml += `${open} t="str"><v>${xmlText(String(value))}</v></c>`;
      }
    }
    return `${xml}</row>`;
  }

  write(xml: string): void {
    if (xml.length === 0) return;
    this.sheet.stream.write(xml);
    this.sheet._rowZero = this.rowNumber;
  }

  /** Resolves once the sheet's XML waiting for the zip is under ZIP_BUFFER_BYTES (at once if it is); fails once the output is gone. */
  async zipCaughtUp(): Promise<void> {
    for (const entry of this.sheet.stream.pipes) {
      while (bufferedBytes(entry) > ZIP_BUFFER_BYTES) {
        if (this.output.destroyed) throw new Error('the output closed before the export was written');
        await drainedOrClosed(entry, this.output);
      }
    }
  }

  /** Rows as they come, in batches, each batch waiting for the zip to catch up; returns the row count. */
  async writeAll(rows: AsyncIterable<readonly CellValue[]> | Iterable<readonly CellValue[]>): Promise<number> {
    let count = 0;
    let xml = '';
    for await (const values of rows) {
      xml += this.rowXml(values);
      if (++count % ROWS_PER_BATCH === 0) {
        this.write(xml);
        xml = '';
        await this.zipCaughtUp();
      }
    }
    this.write(xml);
    return count;
  }
}

const headerText = (column: { headerZh: string; headerEn: string }): string => `${column.headerZh}\n${column.headerEn}`;

/** The zip entry's input emptied, or the output (the response) closed or failed: nothing will drain it then. */
const drainedOrClosed = (entry: Duplex, output: Writable): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      entry.off('drain', done);
      output.off('close', done).off('error', done);
      resolve();
    };
    entry.on('drain', done);
    output.on('close', done).on('error', done);
  });

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
    const header = sheet.addRow(columns.map(headerText));
    header.height = 32;
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { wrapText: true, vertical: 'middle' };
    });
    header.commit();
    const count = await this.rowWriter(sheet, columns.map((column) => NUMBER_FORMAT[column.format])).writeAll(valuesOf(columns, rows));
    sheet.commit();
    return count;
  }

  private rowWriter(sheet: ExcelJS.Worksheet, numberFormats: readonly (string | undefined)[]): SheetRowWriter {
    return new SheetRowWriter(sheet as unknown as StreamingSheet, this.workbook as unknown as StreamingWorkbook, numberFormats, this.output);
  }

  /** The monthly analysis as a sheet: tables as they are (their rows through the fast path), charts as the table of their numbers, footnotes last. */
  async addAnalysisSheet(name: string, document: AnalysisDocument): Promise<void> {
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
    const widest = Math.max(2, ...document.sections.map(columnCountOf));
    sheet.columns = Array.from({ length: widest }, (_, index) => ({ width: index === 0 ? 28 : 14 }));
    const title = sheet.addRow([document.title]);
    title.font = TITLE_FONT;
    title.commit();
    sheet.addRow([document.subtitle]).commit();
    const tableRows = (columns: readonly AnalysisTableColumn[], rows: readonly CellValue[][]): Promise<number> =>
      this.rowWriter(sheet, columns.map((column) => NUMBER_FORMAT[column.format])).writeAll(rows);
    for (const section of document.sections) {
      sheet.addRow([]).commit();
      await writeSection(sheet, section, tableRows);
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

/** A table's data rows written after what the sheet has committed (SheetRowWriter.writeAll). */
type TableRowsWriter = (columns: readonly AnalysisTableColumn[], rows: readonly CellValue[][]) => Promise<number>;

async function* valuesOf<Row>(columns: readonly ExportColumn<Row>[], rows: AsyncIterable<Row>): AsyncIterable<CellValue[]> {
  for await (const row of rows) yield columns.map((column) => column.value(row));
}

const writeTable = async (
  sheet: ExcelJS.Worksheet,
  tableRows: TableRowsWriter,
  title: string,
  columns: readonly AnalysisTableColumn[],
  rows: readonly CellValue[][],
  emptyText?: string,
): Promise<void> => {
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
  await tableRows(columns, rows);
};

const chartAsTable = (chart: BarChart | LineChart): { columns: AnalysisTableColumn[]; rows: CellValue[][] } => {
  const labels = chart.kind === 'bar-chart' ? chart.categories : chart.labels;
  return {
    columns: [{ headerZh: '项目', headerEn: 'Item', format: 'text' }, ...chart.series.map((series) => ({ headerZh: series.name, headerEn: '', format: chart.format }))],
    rows: labels.map((label, index) => [label, ...chart.series.map((series) => series.values[index] ?? null)]),
  };
};

const writeSection = async (sheet: ExcelJS.Worksheet, section: AnalysisSection, tableRows: TableRowsWriter): Promise<void> => {
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
      await writeTable(sheet, tableRows, section.title, section.columns, section.rows, section.emptyText);
      return;
    case 'bar-chart':
    case 'line-chart': {
      const table = chartAsTable(section);
      await writeTable(sheet, tableRows, section.title, table.columns, table.rows);
      return;
    }
    default: {
      const unexpected: never = section;
      throw new Error(`unknown section ${JSON.stringify(unexpected)}`);
    }
  }
};
