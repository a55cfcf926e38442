import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { ID_NAMES } from './export-labels';
import { writeMonthlyWorkbook, writeRollupWorkbook, writeWeeklyWorkbook } from './report-exports';
import { caseDetailColumns } from './case-detail.columns';
import { NUMBER_FORMAT, SHEET_NAMES, xlsxCellValue } from './xlsx-workbook.exporter';
import { BufferSink } from './buffer-sink';
import { finished } from './test-support/collect';
import { generateDetailRows, sampleDetailRow, sampleMonthlyReport, sampleRollup } from './test-support/report.fixture';

/** The value, or a test failure naming what was missing. */
const must = <T>(value: T | undefined | null, what: string): T => {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
};

const workbookOf = async (buffer: Buffer): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
};

const written = async (write: (output: BufferSink) => Promise<unknown>): Promise<Buffer> => {
  const output = new BufferSink();
  await write(output);
  await finished(output);
  return output.buffer;
};

describe('XLSX exports (exceljs streaming writer)', () => {
  it('writes the monthly workbook: detail sheet with a frozen, filtered two-language header, then the analysis', async () => {
    const buffer = await written((output) => writeMonthlyWorkbook(output, sampleMonthlyReport(), generateDetailRows(25), ID_NAMES));
    const workbook = await workbookOf(buffer);

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([SHEET_NAMES.monthlyDetail, SHEET_NAMES.monthlyAnalysis]);
    const detail = must(workbook.getWorksheet(SHEET_NAMES.monthlyDetail), SHEET_NAMES.monthlyDetail);
    expect(detail.getCell('A1').value).toBe('案件编号\nCase number');
    expect(String(detail.getRow(1).getCell(16).value)).toBe('受理时间\nReceived at');
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(detail.autoFilter).toBe('A1:AL1'); // 38 columns
    expect(detail.actualRowCount).toBe(26);
    expect(detail.getColumn(1).width).toBe(20);
  });

  it('shows times on the mall wall clock as real dates and codes as Chinese words', async () => {
    const buffer = await written((output) => writeMonthlyWorkbook(output, sampleMonthlyReport(), generateDetailRows(1), ID_NAMES));
    const detail = must((await workbookOf(buffer)).getWorksheet(SHEET_NAMES.monthlyDetail), SHEET_NAMES.monthlyDetail);
    const row = detail.getRow(2);
    // Row 1 was received 2026-11-02T01:01Z = 09:01 in Shanghai.
    const received = row.getCell(16).value as Date;
    expect(received).toBeInstanceOf(Date);
    expect(received.toISOString()).toBe('2026-11-02T09:01:00.000Z');
    expect(row.getCell(16).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(row.getCell(3).value).toBe('投诉');
    expect(row.getCell(4).value).toBe('服务态度');
  });

  it('the analysis sheet holds rates with their footnotes, the comparison and the lists', async () => {
    const report = sampleMonthlyReport();
    const buffer = await written((output) => writeMonthlyWorkbook(output, report, generateDetailRows(0), ID_NAMES));
    const analysis = must((await workbookOf(buffer)).getWorksheet(SHEET_NAMES.monthlyAnalysis), SHEET_NAMES.monthlyAnalysis);
    const texts: string[] = [];
    analysis.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts[0]).toBe('上海虹桥广场 客诉月报分析 2026-11');
    expect(texts).toContain('处理率 Handling rate');
    expect(texts).toContain('SH01-20261105-0003');
    expect(texts).toContain('B1 洗手间');
    expect(texts.some((text) => text.startsWith('1. 受理量 (Received):'))).toBe(true);
    expect(texts.filter((text) => /^\d+\. /.test(text))).toHaveLength(report.footnotes.length);
  });

  it('writes the weekly detail sheet', async () => {
    const buffer = await written((output) => writeWeeklyWorkbook(output, 'Asia/Shanghai', generateDetailRows(7), ID_NAMES));
    const workbook = await workbookOf(buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([SHEET_NAMES.weeklyDetail]);
    expect(must(workbook.getWorksheet(SHEET_NAMES.weeklyDetail), SHEET_NAMES.weeklyDetail).actualRowCount).toBe(8);
  });

  it('writes HQ’s roll-up: the group total first, then the malls by rank, targets met or missed', async () => {
    const buffer = await written((output) => writeRollupWorkbook(output, sampleRollup()));
    const workbook = await workbookOf(buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([SHEET_NAMES.hqRollup, SHEET_NAMES.hqRollupAnalysis]);
    const sheet = must(workbook.getWorksheet(SHEET_NAMES.hqRollup), SHEET_NAMES.hqRollup);
    expect(sheet.actualRowCount).toBe(4);
    expect(sheet.getCell('B2').value).toBe('集团合计');
    expect([sheet.getCell('A3').value, sheet.getCell('B3').value]).toEqual([1, 'SH01']);
    expect([sheet.getCell('A4').value, sheet.getCell('B4').value]).toEqual([2, 'SH02']);
    const texts: string[] = [];
    sheet.getRow(3).eachCell((cell) => texts.push(String(cell.value)));
    expect(texts).toContain('未达成 (missed)');
    expect(texts).toContain('达成 (met)');
  });

  it('writes the detail rows with the values and formats exceljs gives them through its own rows (row XML written directly)', async () => {
    const rows = Array.from({ length: 120 }, (_, index) => sampleDetailRow(index + 1));
    // Text XML must escape, and control characters it cannot hold are dropped, as exceljs does.
    rows[7] = { ...rows[7], satisfactionComment: 'a < b & "c" \'d\' > e\u0001\u007f end' };
    const columns = caseDetailColumns('Asia/Shanghai', ID_NAMES);
    async function* each(): AsyncIterable<(typeof rows)[number]> {
      yield* rows;
    }
    const ours = must((await workbookOf(await written((output) => writeMonthlyWorkbook(output, sampleMonthlyReport(), each(), ID_NAMES)))).getWorksheet(SHEET_NAMES.monthlyDetail), 'ours');
    // The reference: the same rows through exceljs' own streaming rows and cells.
    const reference = await written(async (output) => {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
      const sheet = workbook.addWorksheet(SHEET_NAMES.monthlyDetail);
      sheet.addRow(columns.map((column) => column.headerZh)).commit();
      for (const row of rows) {
        const added = sheet.addRow(columns.map((column) => xlsxCellValue(column.value(row))));
        columns.forEach((column, index) => {
          const format = NUMBER_FORMAT[column.format];
          if (format) added.getCell(index + 1).numFmt = format;
        });
        added.commit();
      }
      sheet.commit();
      await workbook.commit();
    });
    const theirs = must((await workbookOf(reference)).getWorksheet(SHEET_NAMES.monthlyDetail), 'reference');
    expect(ours.actualRowCount).toBe(rows.length + 1);
    const cells = (sheet: ExcelJS.Worksheet) =>
      Array.from({ length: rows.length }, (_, index) =>
        columns.map((_column, column) => {
          const cell = sheet.getRow(index + 2).getCell(column + 1);
          return { value: cell.value, type: cell.type, numFmt: cell.value === null ? undefined : cell.numFmt };
        }),
      );
    expect(cells(ours)).toEqual(cells(theirs));
    expect(ours.getRow(9).getCell(28).value).toBe('a < b & "c" \'d\' > e end');
  });

  it('streams 50,000 detail rows (read back with the streaming reader)', async () => {
    const buffer = await written((output) => writeMonthlyWorkbook(output, sampleMonthlyReport(), generateDetailRows(50_000), ID_NAMES));
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore' });
    // The streaming reader knows a sheet's name only if workbook.xml came before the sheet in the zip; the
    // order of the parts is the archiver's, so count by sheet id (the first sheet is the detail).
    const rowsBySheet = new Map<number, number>();
    for await (const sheet of reader) {
      const id = Number((sheet as unknown as { id: number | string }).id);
      let rows = 0;
      for await (const _row of sheet) rows++;
      rowsBySheet.set(id, rows);
    }
    expect(rowsBySheet.get(1)).toBe(50_001);
  }, 120_000);
});
