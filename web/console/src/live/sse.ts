/** One server-sent event (WHATWG HTML §9.2): comments (`: heartbeat`) are dropped by the parser. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | null;
}

/** Splits a text stream into events; feed it chunks as they arrive, it keeps the unfinished tail. */
export class SseParser {
  private buffer = '';
  private event = 'message';
  private data: string[] = [];
  private id: string | null = null;

  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    const events: ServerSentEvent[] = [];
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0) events.push({ event: this.event, data: this.data.join('\n'), id: this.id });
        this.event = 'message';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return events;
  }
}

/** What /live says changed (its `data:` line). */
export interface LiveChange {
  kind: 'complaint' | 'case' | 'clock' | 'callback' | 'notification';
  type: string;
  complaintId: string;
  mallId: string;
  departmentId: string | null;
  occurredAt: string;
}

export const parseChange = (data: string): LiveChange | null => {
  try {
    const value = JSON.parse(data) as Partial<LiveChange>;
    return typeof value.complaintId === 'string' && typeof value.kind === 'string' ? (value as LiveChange) : null;
  } catch {
    return null;
  }
};

/** Whether the change may move the case in, out of or within a work queue: its row is re-read (not the whole queue). */
export const touchesQueueRow = (change: LiveChange): boolean => change.kind === 'complaint' || change.kind === 'case' || change.kind === 'clock';

/** The cached reads a change makes stale: the case's own, and the lists it appears in (the work queues: see touchesQueueRow). */
export const staleKeysOf = (change: LiveChange): (readonly unknown[])[] => {
  const own: (readonly unknown[])[] = [['complaint', change.complaintId], ['case', change.complaintId], ['timeline', change.complaintId]];
  switch (change.kind) {
    case 'complaint':
      return [...own, ['registrations']];
    case 'case':
      return own;
    case 'clock':
      // A warning also lands in the handler's inbox (an escalation comes as kind `notification`).
      return [...own, ['clocks'], ...(change.type === 'SlaClockWarned' ? [['notifications']] : [])];
    case 'callback':
      return [...own, ['callbacks']];
    case 'notification':
      return [...own, ['notifications']];
  }
};
