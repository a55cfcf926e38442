import { toLocalDateTime } from '@mallcare/calendar';
import type { Writable } from 'node:stream';

/** An instant shown on the wall clock of a zone (the mall's): exports never show UTC to people. */
export interface LocalInstant {
  instant: string;
  timeZone: string;
}

export type CellValue = string | number | boolean | LocalInstant | null;

/** How a cell is shown: `percent` holds a ratio (0.953 → 95.3 %), `minutes` a duration in minutes; null is an empty cell (no value). */
export type CellFormat = 'text' | 'integer' | 'decimal' | 'percent' | 'minutes' | 'datetime';

/** One column of an exported table: Chinese header first, English under it. */
export interface ExportColumn<Row> {
  key: string;
  headerZh: string;
  headerEn: string;
  format: CellFormat;
  /** Width in characters (XLSX); a default by format otherwise. */
  width?: number;
  value: (row: Row) => CellValue;
}

export const isLocalInstant = (value: CellValue): value is LocalInstant => typeof value === 'object' && value !== null;

/** `instant` (ISO) on the wall clock of `timeZone`, or null when the step has not happened. */
export const localInstant = (instant: string | null | undefined, timeZone: string): LocalInstant | null =>
  instant ? { instant, timeZone } : null;

const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant. Offsets change only on quarter hours, so one lookup per
 * zone and quarter hour serves every case in it: a 50,000-row export asks ICU a few thousand times,
 * not 350,000.
 */
const offsetAt = (epochMs: number, timeZone: string): number => {
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = bucket * QUARTER_HOUR_MS;
    const local = toLocalDateTime(new Date(start), timeZone);
    const [year, month, day] = local.date.split('-').map(Number);
    offset = Date.UTC(year, month - 1, day, local.hour, local.minute, local.second, local.millisecond) - start;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
};

/**
 * A Date whose UTC fields are the wall clock of the zone: spreadsheets have no time zones, so the
 * cell must already hold the reading people expect (the mall's local time).
 */
export const wallClockDate = ({ instant, timeZone }: LocalInstant): Date => {
  const epochMs = Math.floor(Date.parse(instant) / 1000) * 1000;
  return new Date(epochMs + offsetAt(epochMs, timeZone));
};

/** `2026-11-23 14:05` on the zone's wall clock. */
export const formatLocalInstant = (value: LocalInstant): string => wallClockDate(value).toISOString().slice(0, 16).replace('T', ' ');

const DEFAULT_WIDTH: Record<CellFormat, number> = { text: 16, integer: 10, decimal: 12, percent: 10, minutes: 12, datetime: 18 };

export const columnWidth = (column: ExportColumn<unknown>): number =>
  column.width ?? Math.max(DEFAULT_WIDTH[column.format], column.headerZh.length * 2 + 2, Math.min(column.headerEn.length + 2, 24));

/** Writes with backpressure: waits for `drain` when the consumer (an HTTP response) is slower than us. */
export const writeChunk = async (output: Writable, chunk: string | Buffer): Promise<void> => {
  if (output.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      output.off('drain', onDrain);
      output.off('error', onError);
      output.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the output closed before the export was written'));
    };
    output.on('drain', onDrain);
    output.on('error', onError);
    output.on('close', onClose);
  });
};

/** Wraps an array as the AsyncIterable the exporters take (small inputs: analysis tables, tests). */
export async function* fromArray<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

/** A value as people read it in a table or chart label: 95.3%, 1,234, 2026-11-23 14:05; no value is a dash. */
export const displayText = (value: CellValue, format: CellFormat): string => {
  if (value === null) return '—';
  if (isLocalInstant(value)) return formatLocalInstant(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') {
    if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
    if (format === 'minutes' || format === 'decimal') return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return value.toLocaleString('en-US');
  }
  return value;
};
