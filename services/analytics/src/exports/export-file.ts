import type { Writable } from 'node:stream';

export const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
} as const;

/** A file ready to be written: its names and type are known before the first byte, so errors before it are still proper HTTP errors. */
export interface PreparedExport {
  /** What people see, e.g. 上海虹桥广场-客诉月报-2026-11.xlsx. */
  fileName: string;
  /** For clients that do not read filename*: ASCII only. */
  asciiFileName: string;
  contentType: string;
  /** When the figures in the file were computed. */
  figuresAsOf: string;
  write(output: Writable): Promise<void>;
}

/** RFC 6266/5987: an ASCII fallback and the UTF-8 name, percent-encoded (Chinese file names survive every browser). */
export const contentDisposition = (file: Pick<PreparedExport, 'fileName' | 'asciiFileName'>): string => {
  const ascii = file.asciiFileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(file.fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};

/** File names keep letters, digits and CJK; anything a file system dislikes becomes `_`. */
export const safeFileName = (text: string): string => text.replace(/[\\/:*?"<>|\s]+/g, '_');
