import { EventEmitter } from 'node:events';

/**
 * In-process wake-up for log followers after a commit, so they don't wait for their next poll.
 * Only a hint: followers still poll, which covers commits made by other processes.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export const LogSignal = {
  appended(schema: string): void {
    signal.emit('appended', schema);
  },
  onAppended(listener: (schema: string) => void): () => void {
    signal.on('appended', listener);
    return () => signal.off('appended', listener);
  },
};
