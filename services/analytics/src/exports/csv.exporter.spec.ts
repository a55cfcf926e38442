import { csvField, UTF8_BOM, writeCsv } from './csv.exporter';
import { ID_NAMES } from './export-labels';
import { fromArray, type ExportColumn } from './export-table';
import { writeMonthlyDetailCsv } from './report-exports';
import { BufferSink } from './buffer-sink';
import { finished } from './test-support/collect';
import { generateDetailRows } from './test-support/report.fixture';

/** A small RFC 4180 reader, enough to prove the writer round-trips. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
};

interface Note {
  id: number;
  text: string | null;
  at: string | null;
}

const columns: ExportColumn<Note>[] = [
  { key: 'id', headerZh: '编号', headerEn: 'No.', format: 'integer', value: (note) => note.id },
  { key: 'text', headerZh: '意见', headerEn: 'Comment, "quoted"', format: 'text', value: (note) => note.text },
  { key: 'at', headerZh: '时间', headerEn: 'At', format: 'datetime', value: (note) => (note.at ? { instant: note.at, timeZone: 'Asia/Shanghai' } : null) },
];

const csvOf = async (notes: Note[]): Promise<string> => {
  const output = new BufferSink();
  await writeCsv(output, columns, fromArray(notes));
  output.end();
  await finished(output);
  return output.buffer.toString('utf8');
};

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark so Excel shows Chinese text', async () => {
    const output = new BufferSink();
    await writeCsv(output, columns, fromArray([]));
    expect([...output.buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(output.buffer.toString('utf8').startsWith(UTF8_BOM)).toBe(true);
  });

  it('round-trips quotes, commas, line breaks and Chinese text (RFC 4180, CRLF rows)', async () => {
    const notes: Note[] = [
      { id: 1, text: '顾客说："太慢了", 请改进', at: '2026-11-30T16:30:00.000Z' },
      { id: 2, text: '第一行\n第二行\r\n第三行', at: null },
      { id: 3, text: null, at: '2026-11-01T00:00:00.000Z' },
      { id: 4, text: 'plain', at: null },
    ];
    const text = await csvOf(notes);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['编号 (No.)', '意见 (Comment, "quoted")', '时间 (At)']);
    expect(rows.slice(1)).toEqual([
      ['1', '顾客说："太慢了", 请改进', '2026-12-01 00:30'],
      ['2', '第一行\n第二行\r\n第三行', ''],
      ['3', '', '2026-11-01 08:00'],
      ['4', 'plain', ''],
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('quotes only what needs it', () => {
    expect(csvField('简单')).toBe('简单');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('writes the monthly detail with the same columns as the sheet, one line per case', async () => {
    const output = new BufferSink();
    const count = await writeMonthlyDetailCsv(output, 'Asia/Shanghai', generateDetailRows(50), ID_NAMES);
    output.end();
    await finished(output);
    const rows = parseCsv(output.buffer.toString('utf8').slice(1));
    expect(count).toBe(50);
    expect(rows).toHaveLength(51);
    expect(rows[0][0]).toBe('案件编号 (Case number)');
    expect(rows[7][27]).toBe('顾客说："太慢了", 第7次\n请改进');
    expect(new Set(rows.map((row) => row.length))).toEqual(new Set([rows[0].length]));
  });

  it('streams 50,000 rows', async () => {
    const output = new BufferSink();
    expect(await writeMonthlyDetailCsv(output, 'Asia/Shanghai', generateDetailRows(50_000), ID_NAMES)).toBe(50_000);
    output.end();
    await finished(output);
    expect(parseCsv(output.buffer.toString('utf8').slice(1))).toHaveLength(50_001);
  }, 60_000);
});
