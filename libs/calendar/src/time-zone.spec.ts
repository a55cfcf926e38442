import { CalendarError } from './calendar.exception';
import { assertTimeZone, endOfLocalDay, fromLocalDateTime, startOfLocalDay, toLocalDate, toLocalDateTime } from './time-zone';

describe('time zones through Intl', () => {
  it('reads the wall calendar of the zone, not of UTC or the host', () => {
    expect(toLocalDate(new Date('2026-02-13T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-02-14');
    expect(toLocalDate(new Date('2026-02-13T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-02-13');
    expect(toLocalDate(new Date('2026-02-13T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-02-14');
    expect(toLocalDate(new Date('2026-02-13T23:30:00Z'), 'America/New_York')).toBe('2026-02-13');
    expect(toLocalDateTime(new Date('2026-02-13T16:00:00.250Z'), 'Asia/Shanghai')).toEqual({ date: '2026-02-14', hour: 0, minute: 0, second: 0, millisecond: 250 });
  });

  it('turns a Shanghai wall time back into the instant', () => {
    expect(fromLocalDateTime({ date: '2026-02-14', hour: 7, minute: 30, second: 0, millisecond: 0 }, 'Asia/Shanghai').toISOString()).toBe('2026-02-13T23:30:00.000Z');
    expect(startOfLocalDay('2026-10-01', 'Asia/Shanghai').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(endOfLocalDay('2026-10-01', 'Asia/Shanghai').toISOString()).toBe('2026-10-01T15:59:59.999Z');
  });

  it('moves a wall time in a daylight-saving gap forward and takes the earlier of an overlap', () => {
    // Berlin: 02:00 → 03:00 on 30 March 2025; 03:00 → 02:00 on 26 October 2025.
    expect(fromLocalDateTime({ date: '2025-03-30', hour: 2, minute: 30, second: 0, millisecond: 0 }, 'Europe/Berlin').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(fromLocalDateTime({ date: '2025-10-26', hour: 2, minute: 30, second: 0, millisecond: 0 }, 'Europe/Berlin').toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(endOfLocalDay('2025-03-30', 'Europe/Berlin').toISOString()).toBe('2025-03-30T21:59:59.999Z');
  });

  it('starts a day whose midnight does not exist at the end of the gap', () => {
    // Santiago skipped 00:00–01:00 on 8 September 2024.
    expect(startOfLocalDay('2024-09-08', 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(endOfLocalDay('2024-09-07', 'America/Santiago').toISOString()).toBe('2024-09-08T03:59:59.999Z');
  });

  it('rejects a zone the runtime does not know', () => {
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(CalendarError);
  });
});
