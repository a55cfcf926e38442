import type { Writable } from 'node:stream';

export const finished = (stream: Writable): Promise<void> =>
  stream.writableFinished ? Promise.resolve() : new Promise((resolve, reject) => stream.once('finish', () => resolve()).once('error', reject));
