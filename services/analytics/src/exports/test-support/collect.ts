import { Writable } from 'node:stream';

/** A writable that keeps what was written, like an HTTP response would send it. */
export class CollectingStream extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export const finished = (stream: Writable): Promise<void> =>
  stream.writableFinished ? Promise.resolve() : new Promise((resolve, reject) => stream.once('finish', () => resolve()).once('error', reject));
