import { describe, expect, it } from 'vitest';
import { parseChange, SseParser, staleKeysOf, touchesQueueRow } from './sse';

describe('the /live stream', () => {
  it('reads events split anywhere across chunks, skipping heartbeats', () => {
    const parser = new SseParser();
    const change = '{"kind":"case","type":"CaseAccepted","complaintId":"c1","mallId":"SH01","departmentId":"engineering","occurredAt":"2026-12-02T01:00:00Z"}';
    expect(parser.push(': heartbeat\n\nid: 41\nevent: cha')).toEqual([]);
    expect(parser.push(`nge\ndata: ${change.slice(0, 20)}`)).toEqual([]);
    const events = parser.push(`${change.slice(20)}\n\n: heartbeat\n\n`);
    expect(events).toEqual([{ event: 'change', data: change, id: '41' }]);
    expect(parseChange(events[0].data)).toMatchObject({ kind: 'case', complaintId: 'c1' });
  });

  it('invalidates the case and the lists a change shows in', () => {
    const change = { kind: 'clock' as const, type: 'SlaClockWarned', complaintId: 'c1', mallId: 'SH01', departmentId: null, occurredAt: '' };
    expect(staleKeysOf(change)).toEqual(expect.arrayContaining([['case', 'c1'], ['clocks']]));
    // A queue is never re-read whole for one change: the case's row is (touchesQueueRow).
    expect(staleKeysOf(change)).not.toContainEqual(['queue']);
    expect([touchesQueueRow(change), touchesQueueRow({ ...change, kind: 'case' }), touchesQueueRow({ ...change, kind: 'callback' })]).toEqual([true, true, false]);
    expect(staleKeysOf({ ...change, kind: 'callback' })).toEqual(expect.arrayContaining([['callbacks']]));
    expect(staleKeysOf({ ...change, kind: 'notification', type: 'SlaEscalated' })).toEqual(expect.arrayContaining([['notifications']]));
    expect(parseChange('not json')).toBeNull();
  });
});
