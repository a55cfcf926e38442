import { EventEmitter } from 'node:events';

/**
 * In-process wake-up for log followers after a commit, so they don't wait for their next poll.
 * Only a hint: followers still poll. `appended` is this process's own commit: LogNotifications
 * passes it on to the other processes with a NOTIFY; `appendedElsewhere` is theirs, heard back.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export const LogSignal = {
  appended(schema: string): void {
    signal.emit('committed-here', schema);
    signal.emit('appended', schema);
  },
  appendedElsewhere(schema: string): void {
    signal.emit('appended', schema);
  },
  /** Every append followers should look at, this process's and the others'. */
  onAppended(listener: (schema: string) => void): () => void {
    signal.on('appended', listener);
    return () => signal.off('appended', listener);
  },
  /** Only this process's own commits: what it has to tell the others about. */
  onAppendedHere(listener: (schema: string) => void): () => void {
    signal.on('committed-here', listener);
    return () => signal.off('committed-here', listener);
  },
};

const changes = new EventEmitter();
changes.setMaxListeners(0);

/**
 * In-process wake-up for readers of a table other processes write (a service's policy versions,
 * analytics' stale figures): LogNotifications LISTENs on each channel a table's trigger notifies and
 * passes the payload on. `null` after the listening connection was (re)established: something may
 * have changed while nobody listened, look now.
 */
export const ChangeSignal = {
  changed(channel: string, payload: string | null): void {
    changes.emit(channel, payload);
  },
  onChanged(channel: string, listener: (payload: string | null) => void): () => void {
    changes.on(channel, listener);
    return () => changes.off(channel, listener);
  },
};
