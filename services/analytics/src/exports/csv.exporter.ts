import type { Writable } from 'node:stream';
import { formatLocalInstant, isLocalInstant, writeChunk, type CellFormat, type CellValue, type ExportColumn } from './export-table';

/** Excel reads a CSV as UTF-8 (and shows Chinese text) only when it starts with a byte order mark. */
export const UTF8_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
export const csvField = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export const csvText = (value: CellValue, format: CellFormat): string => {
  if (value === null) return '';
  if (isLocalInstant(value)) return formatLocalInstant(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') {
    if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
    if (format === 'minutes' || format === 'decimal') return value.toFixed(1);
    return String(value);
  }
  return value;
};

export const csvHeader = (column: ExportColumn<never>): string => `${column.headerZh} (${column.headerEn})`;

/** Rows pass through one at a time: written as they arrive, with backpressure, never gathered. Returns the row count. */
export const writeCsv = async <Row>(output: Writable, columns: readonly ExportColumn<Row>[], rows: AsyncIterable<Row>): Promise<number> => {
  await writeChunk(output, UTF8_BOM + columns.map((column) => csvField(csvHeader(column as ExportColumn<never>))).join(',') + '\r\n');
  let count = 0;
  let batch = '';
  for await (const row of rows) {
    batch += columns.map((column) => csvField(csvText(column.value(row), column.format))).join(',') + '\r\n';
    count++;
    if (batch.length >= 64 * 1024) {
      await writeChunk(output, batch);
      batch = '';
    }
  }
  if (batch.length > 0) await writeChunk(output, batch);
  return count;
};
