import { CalendarError, CalendarErrorCode } from './calendar.exception';
import { CHINA_MAINLAND_SCHEDULE } from './china-public-holidays';
import type { NationalSchedule } from './national-schedule';
import { buildWorkingCalendar, describeDay, type WorkingCalendar } from './working-calendar';
import { addWorkingDays, nextWorkingDay, workingDaysBetween } from './working-days';

const shanghai = buildWorkingCalendar({ timeZone: 'Asia/Shanghai' });
/** Local wall time in Shanghai (UTC+8, no daylight saving) as an instant. */
const cst = (local: string): Date => new Date(`${local}+08:00`);
const dueDateOf = (calendar: WorkingCalendar, from: Date, workingDays: number) => addWorkingDays(calendar, from, workingDays).dueDate;

describe('addWorkingDays: N个工作日内 in the mall calendar', () => {
  it('ends at 24:00 Shanghai time of the N-th working day, the start day not counted', () => {
    const deadline = addWorkingDays(shanghai, cst('2026-11-20T20:00:00'), 1);
    expect(deadline.dueDate).toBe('2026-11-23');
    expect(deadline.dueAt.toISOString()).toBe('2026-11-23T15:59:59.999Z');
    expect(deadline.coverage).toEqual({ status: 'official' });
  });

  describe('Spring Festival 2026 (off Feb 15–23, work Sat Feb 14 and Sat Feb 28)', () => {
    it('counts the adjusted Saturday, then skips the whole break', () => {
      expect(dueDateOf(shanghai, cst('2026-02-13T15:00:00'), 1)).toBe('2026-02-14');
      expect(dueDateOf(shanghai, cst('2026-02-13T15:00:00'), 2)).toBe('2026-02-24');
      expect(addWorkingDays(shanghai, cst('2026-02-13T15:00:00'), 2).dueAt.toISOString()).toBe('2026-02-24T15:59:59.999Z');
    });

    it('starts counting after the break when a case arrives during it', () => {
      expect(dueDateOf(shanghai, cst('2026-02-17T10:00:00'), 1)).toBe('2026-02-24');
      expect(dueDateOf(shanghai, cst('2026-02-15T00:00:00'), 3)).toBe('2026-02-26');
    });

    it('counts the Saturday worked after the break', () => {
      expect(dueDateOf(shanghai, cst('2026-02-27T09:00:00'), 1)).toBe('2026-02-28');
      expect(dueDateOf(shanghai, cst('2026-02-26T09:00:00'), 3)).toBe('2026-03-02');
    });
  });

  describe('Spring Festival 2025 (off Jan 28–Feb 4, work Sun Jan 26 and Sat Feb 8)', () => {
    it('counts the adjusted Sunday before the break and skips the eight days off', () => {
      expect(dueDateOf(shanghai, cst('2025-01-24T18:00:00'), 1)).toBe('2025-01-26');
      expect(dueDateOf(shanghai, cst('2025-01-24T18:00:00'), 3)).toBe('2025-02-05');
      expect(dueDateOf(shanghai, cst('2025-01-27T09:00:00'), 1)).toBe('2025-02-05');
    });

    it('counts the adjusted Saturday after it', () => {
      expect(dueDateOf(shanghai, cst('2025-02-07T09:00:00'), 1)).toBe('2025-02-08');
    });
  });

  describe('National Day', () => {
    it('2025: eight days off with Mid-Autumn (Oct 1–8), work Sun Sep 28 and Sat Oct 11', () => {
      expect(dueDateOf(shanghai, cst('2025-09-26T17:00:00'), 1)).toBe('2025-09-28');
      expect(dueDateOf(shanghai, cst('2025-09-30T10:00:00'), 1)).toBe('2025-10-09');
      expect(dueDateOf(shanghai, cst('2025-09-30T10:00:00'), 3)).toBe('2025-10-11');
    });

    it('2026: Mid-Autumn Sep 25–27, National Day Oct 1–7, work Sun Sep 20 and Sat Oct 10', () => {
      expect(dueDateOf(shanghai, cst('2026-09-18T17:00:00'), 1)).toBe('2026-09-20');
      expect(dueDateOf(shanghai, cst('2026-09-24T17:00:00'), 1)).toBe('2026-09-28');
      expect(dueDateOf(shanghai, cst('2026-09-30T10:00:00'), 1)).toBe('2026-10-08');
      expect(dueDateOf(shanghai, cst('2026-09-30T10:00:00'), 3)).toBe('2026-10-10');
    });
  });

  it('New Year 2026: Jan 1–3 off, Sunday Jan 4 worked, across the year boundary', () => {
    const deadline = addWorkingDays(shanghai, cst('2025-12-31T16:00:00'), 1);
    expect(deadline.dueDate).toBe('2026-01-04');
    expect(deadline.coverage).toEqual({ status: 'official' });
  });

  it('takes the date from the mall zone: 23:30 UTC is already the next day in Shanghai', () => {
    // 2026-02-13T23:30Z is Saturday 14 Feb 07:30 in Shanghai, a 调休 working day that is not counted.
    const instant = new Date('2026-02-13T23:30:00Z');
    expect(dueDateOf(shanghai, instant, 1)).toBe('2026-02-24');
    expect(dueDateOf(buildWorkingCalendar({ timeZone: 'UTC' }), instant, 1)).toBe('2026-02-14');
    // 16:30Z on 30 Sep is 00:30 on 1 Oct in Shanghai: the case arrived during the holiday.
    expect(dueDateOf(shanghai, new Date('2026-09-30T16:30:00Z'), 1)).toBe('2026-10-08');
  });

  it('serves a mall in another zone with the same national schedule', () => {
    const urumqi = buildWorkingCalendar({ timeZone: 'Asia/Urumqi' });
    // 17:00Z on 13 Feb is 23:00 Friday in Urumqi (UTC+6) but 01:00 Saturday in Shanghai.
    const instant = new Date('2026-02-13T17:00:00Z');
    const deadline = addWorkingDays(urumqi, instant, 1);
    expect(deadline.dueDate).toBe('2026-02-14');
    expect(deadline.dueAt.toISOString()).toBe('2026-02-14T17:59:59.999Z');
    expect(dueDateOf(shanghai, instant, 1)).toBe('2026-02-24');
  });

  it('honours mall closures and extra working dates over the national schedule', () => {
    const mall = buildWorkingCalendar({
      timeZone: 'Asia/Shanghai',
      closures: [{ date: '2026-03-10', reason: '盘点 stock-take' }],
      extraWorkingDates: [{ date: '2026-03-14', reason: 'weekend promotion' }, { date: '2026-10-02' }],
    });
    expect(dueDateOf(mall, cst('2026-03-09T10:00:00'), 1)).toBe('2026-03-11');
    expect(dueDateOf(shanghai, cst('2026-03-09T10:00:00'), 1)).toBe('2026-03-10');
    expect(dueDateOf(mall, cst('2026-03-13T10:00:00'), 1)).toBe('2026-03-14');
    expect(dueDateOf(mall, cst('2026-09-30T10:00:00'), 1)).toBe('2026-10-02');
    expect(describeDay(mall, '2026-03-10')).toEqual({ date: '2026-03-10', working: false, reason: 'mall-closure', note: '盘点 stock-take', covered: true });
    expect(Object.keys(describeDay(mall, '2026-10-02'))).toEqual(['date', 'working', 'reason', 'covered']);
  });

  it('treats zero as "by the end of today", or of the next working day on a day off', () => {
    expect(dueDateOf(shanghai, cst('2026-02-13T10:00:00'), 0)).toBe('2026-02-13');
    expect(dueDateOf(shanghai, cst('2026-02-16T10:00:00'), 0)).toBe('2026-02-24');
  });

  it('rejects amounts that are not whole and non-negative', () => {
    for (const amount of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingDays(shanghai, cst('2026-02-13T10:00:00'), amount)).toThrow(CalendarError);
    }
  });

  describe('past the bundled years', () => {
    it('falls back to Monday–Friday and says which years it guessed', () => {
      const deadline = addWorkingDays(shanghai, cst('2026-12-31T10:00:00'), 1);
      // 1 Jan 2027 is a Friday: a working day by the weekday rule, whatever the 2027 notice will say.
      expect(deadline.dueDate).toBe('2027-01-01');
      expect(deadline.coverage).toEqual({ status: 'weekday-fallback', uncoveredYears: [2027] });
      expect(addWorkingDays(shanghai, cst('2027-02-05T10:00:00'), 1)).toMatchObject({ dueDate: '2027-02-08', coverage: { uncoveredYears: [2027] } });
      expect(describeDay(shanghai, '2027-02-08')).toEqual({ date: '2027-02-08', working: true, reason: 'weekday', covered: false });
    });

    it('flags years before the first bundled one too', () => {
      expect(addWorkingDays(shanghai, cst('2024-12-31T10:00:00'), 1).coverage).toEqual({ status: 'weekday-fallback', uncoveredYears: [2024] });
    });

    it('still applies the mall\u2019s own dates there', () => {
      const mall = buildWorkingCalendar({ timeZone: 'Asia/Shanghai', closures: [{ date: '2027-03-01' }] });
      expect(dueDateOf(mall, cst('2027-02-26T10:00:00'), 1)).toBe('2027-03-02');
    });

    it('needs only one more schedule entry to cover a new year', () => {
      // A made-up 2027 festival: the real notice is not published yet.
      const withNextYear: NationalSchedule = {
        ...CHINA_MAINLAND_SCHEDULE,
        years: [
          ...CHINA_MAINLAND_SCHEDULE.years,
          {
            year: 2027,
            source: { title: 'test fixture, not a real notice', issuedOn: '2026-11-01', verifiedAgainst: [] },
            holidays: [{ name: { zh: '测试假', en: 'Test Holiday' }, daysOff: { from: '2027-01-01', to: '2027-01-03' }, adjustedWorkingDays: ['2027-01-09'] }],
          },
        ],
      };
      const calendar = buildWorkingCalendar({ timeZone: 'Asia/Shanghai', schedule: withNextYear });
      expect(calendar.coveredYears).toEqual([2025, 2026, 2027]);
      expect(addWorkingDays(calendar, cst('2026-12-31T10:00:00'), 1)).toMatchObject({ dueDate: '2027-01-04', coverage: { status: 'official' } });
      expect(dueDateOf(calendar, cst('2027-01-08T10:00:00'), 1)).toBe('2027-01-09');
    });
  });
});

describe('nextWorkingDay', () => {
  it('is strictly after the date and knows the adjusted days', () => {
    expect(nextWorkingDay(shanghai, '2026-02-13')).toEqual({ date: '2026-02-14', coverage: { status: 'official' } });
    expect(nextWorkingDay(shanghai, '2026-02-14').date).toBe('2026-02-24');
    expect(nextWorkingDay(shanghai, '2025-09-30').date).toBe('2025-10-09');
    expect(nextWorkingDay(shanghai, '2026-12-31')).toEqual({ date: '2027-01-01', coverage: { status: 'weekday-fallback', uncoveredYears: [2027] } });
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the start date up to and including the end date', () => {
    expect(workingDaysBetween(shanghai, cst('2026-02-13T15:00:00'), cst('2026-02-24T10:00:00')).workingDays).toBe(2);
    expect(workingDaysBetween(shanghai, cst('2026-02-13T15:00:00'), cst('2026-02-13T23:00:00')).workingDays).toBe(0);
    expect(workingDaysBetween(shanghai, cst('2025-09-30T10:00:00'), cst('2025-10-08T23:59:00')).workingDays).toBe(0);
    expect(workingDaysBetween(shanghai, cst('2026-02-24T10:00:00'), cst('2026-02-13T15:00:00')).workingDays).toBe(-2);
  });

  it('uses the mall zone for both ends', () => {
    // 15:00Z on 13 Feb is Friday 23:00 in Shanghai; 16:30Z is already Saturday 14 Feb there.
    expect(workingDaysBetween(shanghai, new Date('2026-02-13T15:00:00Z'), new Date('2026-02-13T16:30:00Z')).workingDays).toBe(1);
  });

  it('agrees with addWorkingDays: the deadline instant is exactly N working days on', () => {
    const starts = ['2025-01-24T18:00:00', '2025-09-30T10:00:00', '2026-02-13T15:00:00', '2026-02-15T09:00:00', '2026-09-18T23:59:59'];
    for (const start of starts) {
      for (let workingDays = 1; workingDays <= 12; workingDays++) {
        const { dueAt } = addWorkingDays(shanghai, cst(start), workingDays);
        expect({ start, workingDays, between: workingDaysBetween(shanghai, cst(start), dueAt).workingDays }).toEqual({ start, workingDays, between: workingDays });
        expect(workingDaysBetween(shanghai, cst(start), new Date(dueAt.getTime() + 1)).workingDays).toBeGreaterThanOrEqual(workingDays);
      }
    }
  });

  it('reports fallback years it crossed', () => {
    expect(workingDaysBetween(shanghai, cst('2026-12-30T10:00:00'), cst('2027-01-05T10:00:00'))).toEqual({
      workingDays: 4,
      coverage: { status: 'weekday-fallback', uncoveredYears: [2027] },
    });
  });
});

describe('building a calendar', () => {
  it('rejects an unknown time zone', () => {
    expect(() => buildWorkingCalendar({ timeZone: 'Asia/Shangai' })).toThrow(expect.objectContaining({ code: CalendarErrorCode.InvalidTimeZone }));
  });

  it('rejects a date both closed and worked, and impossible dates', () => {
    expect(() => buildWorkingCalendar({ timeZone: 'Asia/Shanghai', closures: [{ date: '2026-03-10' }], extraWorkingDates: [{ date: '2026-03-10' }] })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.ConflictingMallDates }),
    );
    expect(() => buildWorkingCalendar({ timeZone: 'Asia/Shanghai', closures: [{ date: '2026-02-30' }] })).toThrow(expect.objectContaining({ code: CalendarErrorCode.InvalidDate }));
    expect(() => buildWorkingCalendar({ timeZone: 'Asia/Shanghai', closures: [{ date: '2026/03/10' }] })).toThrow(expect.objectContaining({ code: CalendarErrorCode.InvalidDate }));
  });

  it('rejects a schedule whose adjusted working day is not a weekend day', () => {
    const broken: NationalSchedule = {
      region: 'CN',
      years: [
        {
          year: 2026,
          source: { title: 'typo fixture', issuedOn: '2025-11-04', verifiedAgainst: [] },
          holidays: [{ name: { zh: '春节', en: 'Spring Festival' }, daysOff: { from: '2026-02-15', to: '2026-02-23' }, adjustedWorkingDays: ['2026-02-13'] }],
        },
      ],
    };
    expect(() => buildWorkingCalendar({ timeZone: 'Asia/Shanghai', schedule: broken })).toThrow(expect.objectContaining({ code: CalendarErrorCode.InvalidSchedule }));
  });

  it('describes each day with its reason and festival', () => {
    expect(describeDay(shanghai, '2026-02-14')).toEqual({
      date: '2026-02-14',
      working: true,
      reason: 'adjusted-working-day',
      holiday: { zh: '春节', en: 'Spring Festival' },
      covered: true,
    });
    expect(describeDay(shanghai, '2025-10-06')).toMatchObject({ working: false, reason: 'public-holiday', holiday: { en: 'National Day and Mid-Autumn Festival' } });
    expect(describeDay(shanghai, '2026-03-07')).toEqual({ date: '2026-03-07', working: false, reason: 'weekend', covered: true });
  });
});
