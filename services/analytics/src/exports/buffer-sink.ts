import { Writable } from 'node:stream';
import type { PreparedExport } from './export-file';

/** A writable that keeps what was written: a file rendered for storage instead of a response. */
export class BufferSink extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Writes a prepared export into memory (a monthly pack's file: one mall's month, bounded in size). */
export const renderToBuffer = async (file: PreparedExport): Promise<Buffer> => {
  const sink = new BufferSink();
  const finished = new Promise<void>((resolve, reject) => sink.once('finish', () => resolve()).once('error', reject));
  await file.write(sink);
  if (!sink.writableEnded) sink.end();
  await finished;
  return sink.buffer;
};
