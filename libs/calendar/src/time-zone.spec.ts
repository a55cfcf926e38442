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

describe('wall-clock readings with the per-quarter-hour offset cache', () => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const exactReading = (instant: Date, timeZone: string): string => {
    const format =
      formats.get(timeZone) ??
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
    const parts = format.formatToParts(instant);
    const field = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
    return `${field('year')}-${field('month')}-${field('day')} ${field('hour')}:${field('minute')}:${field('second')}`;
  };
  const cachedReading = (instant: Date, timeZone: string): string => {
    const local = toLocalDateTime(instant, timeZone);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${local.date} ${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
  };

  // Zones with hour, half-hour (Lord Howe) and 45-minute (Kathmandu) offsets, with and without daylight saving.
  it.each(['Asia/Shanghai', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu'])(
    'agrees with Intl every 47 minutes 11 seconds through 2026 and either side of every quarter hour, in %s',
    (timeZone) => {
      const start = Date.parse('2026-01-01T00:00:00Z');
      const end = Date.parse('2027-01-01T00:00:00Z');
      const mismatches: string[] = [];
      const check = (at: number) => {
        if (cachedReading(new Date(at), timeZone) !== exactReading(new Date(at), timeZone)) mismatches.push(new Date(at).toISOString());
      };
      for (let at = start; at < end && mismatches.length < 5; at += 2_831_000) check(at);
      // Every transition falls on a quarter hour: the last millisecond before each one and the first of it.
      for (let edge = start; edge < end && mismatches.length < 5; edge += 900_000) {
        check(edge - 1);
        check(edge);
      }
      expect(mismatches).toEqual([]);
    },
  );
});
