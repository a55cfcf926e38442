import { addCalendarDays, addHours, addMinutes } from './calendar-days';
import { CalendarError } from './calendar.exception';
import { buildWorkingCalendar } from './working-calendar';

const shanghai = buildWorkingCalendar({ timeZone: 'Asia/Shanghai' });

describe('calendar days, hours and minutes', () => {
  it('adds calendar days at the same wall time, holidays included', () => {
    expect(addCalendarDays(shanghai, new Date('2026-02-13T02:00:00Z'), 3).toISOString()).toBe('2026-02-16T02:00:00.000Z');
    expect(addCalendarDays(shanghai, new Date('2026-02-13T02:00:00Z'), -13).toISOString()).toBe('2026-01-31T02:00:00.000Z');
  });

  it('keeps the wall time across a daylight-saving change in a mall abroad', () => {
    const berlin = { timeZone: 'Europe/Berlin' };
    // Saturday 29 March 2025 12:00 CET (11:00Z) + 1 day = Sunday 12:00 CEST (10:00Z): 23 hours later.
    expect(addCalendarDays(berlin, new Date('2025-03-29T11:00:00Z'), 1).toISOString()).toBe('2025-03-30T10:00:00.000Z');
  });

  it('adds hours and minutes as elapsed time', () => {
    expect(addMinutes(new Date('2026-02-13T15:55:00Z'), 10).toISOString()).toBe('2026-02-13T16:05:00.000Z');
    expect(addHours(new Date('2025-03-30T00:30:00Z'), 1).toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });

  it('rejects fractional amounts', () => {
    expect(() => addCalendarDays(shanghai, new Date('2026-02-13T02:00:00Z'), 0.5)).toThrow(CalendarError);
    expect(() => addHours(new Date('2026-02-13T02:00:00Z'), Number.NaN)).toThrow(CalendarError);
  });
});
