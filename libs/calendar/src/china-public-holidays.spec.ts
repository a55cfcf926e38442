import { CHINA_MAINLAND_SCHEDULE } from './china-public-holidays';
import { datesInRange, weekdayOf, type IsoDate } from './iso-date';
import { buildWorkingCalendar, isWorkingDay } from './working-calendar';

const calendar = buildWorkingCalendar({ timeZone: 'Asia/Shanghai' });
const festival = (year: number, zh: string) => {
  const holiday = CHINA_MAINLAND_SCHEDULE.years.find((entry) => entry.year === year)?.holidays.find((candidate) => candidate.name.zh === zh);
  if (!holiday) throw new Error(`no ${zh} in ${year}`);
  return holiday;
};

/** What each notice prints: first and last day off, 共N天, and the 上班 days. */
const notices: [number, string, IsoDate, IsoDate, number, IsoDate[]][] = [
  [2025, '元旦', '2025-01-01', '2025-01-01', 1, []],
  [2025, '春节', '2025-01-28', '2025-02-04', 8, ['2025-01-26', '2025-02-08']],
  [2025, '清明节', '2025-04-04', '2025-04-06', 3, []],
  [2025, '劳动节', '2025-05-01', '2025-05-05', 5, ['2025-04-27']],
  [2025, '端午节', '2025-05-31', '2025-06-02', 3, []],
  [2025, '国庆节、中秋节', '2025-10-01', '2025-10-08', 8, ['2025-09-28', '2025-10-11']],
  [2026, '元旦', '2026-01-01', '2026-01-03', 3, ['2026-01-04']],
  [2026, '春节', '2026-02-15', '2026-02-23', 9, ['2026-02-14', '2026-02-28']],
  [2026, '清明节', '2026-04-04', '2026-04-06', 3, []],
  [2026, '劳动节', '2026-05-01', '2026-05-05', 5, ['2026-05-09']],
  [2026, '端午节', '2026-06-19', '2026-06-21', 3, []],
  [2026, '中秋节', '2026-09-25', '2026-09-27', 3, []],
  [2026, '国庆节', '2026-10-01', '2026-10-07', 7, ['2026-09-20', '2026-10-10']],
];

/** The weekday the notices print next to each date (周一 = 1 … 周日 = 0): catches a shifted date. */
const printedWeekdays: [IsoDate, number][] = [
  ['2025-01-01', 3], ['2025-01-28', 2], ['2025-02-04', 2], ['2025-01-26', 0], ['2025-02-08', 6], ['2025-04-04', 5], ['2025-04-06', 0],
  ['2025-05-01', 4], ['2025-05-05', 1], ['2025-04-27', 0], ['2025-05-31', 6], ['2025-06-02', 1], ['2025-10-01', 3], ['2025-10-08', 3],
  ['2025-09-28', 0], ['2025-10-11', 6],
  ['2026-01-01', 4], ['2026-01-03', 6], ['2026-01-04', 0], ['2026-02-15', 0], ['2026-02-23', 1], ['2026-02-14', 6], ['2026-02-28', 6],
  ['2026-04-04', 6], ['2026-04-06', 1], ['2026-05-01', 5], ['2026-05-05', 2], ['2026-05-09', 6], ['2026-06-19', 5], ['2026-06-21', 0],
  ['2026-09-25', 5], ['2026-09-27', 0], ['2026-10-01', 4], ['2026-10-07', 3], ['2026-09-20', 0], ['2026-10-10', 6],
];

/** Working days per month, counted from github.com/awfe/ChinaWorkingDay's independent day lists. */
const workingDaysPerMonth: Record<number, number[]> = {
  2025: [19, 19, 21, 22, 19, 20, 23, 21, 23, 18, 20, 23],
  2026: [21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23],
};

describe('bundled mainland China schedule', () => {
  it('covers 2025 and 2026, each with its notice named', () => {
    expect(calendar.coveredYears).toEqual([2025, 2026]);
    expect(CHINA_MAINLAND_SCHEDULE.years.map((year) => year.source.title)).toEqual([
      '国务院办公厅关于2025年部分节假日安排的通知',
      '国务院办公厅关于2026年部分节假日安排的通知',
    ]);
  });

  it.each(notices)('%i %s: off %s to %s (%i days), work %j', (year, zh, from, to, days, adjusted) => {
    const holiday = festival(year, zh);
    expect(holiday.daysOff).toEqual({ from, to });
    expect(datesInRange(holiday.daysOff.from, holiday.daysOff.to)).toHaveLength(days);
    expect(holiday.adjustedWorkingDays).toEqual(adjusted);
    expect(datesInRange(from, to).filter((date) => isWorkingDay(calendar, date))).toEqual([]);
    expect(adjusted.filter((date) => !isWorkingDay(calendar, date))).toEqual([]);
  });

  it('lists every festival of each notice and nothing else', () => {
    for (const year of [2025, 2026]) {
      const listed = CHINA_MAINLAND_SCHEDULE.years.find((entry) => entry.year === year)?.holidays.map((holiday) => holiday.name.zh);
      expect(listed).toEqual(notices.filter(([noticeYear]) => noticeYear === year).map(([, zh]) => zh));
    }
  });

  it.each(printedWeekdays)('%s falls on the weekday the notice prints (%i)', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  it.each([2025, 2026])('has the working days per month of an independent derivation (%i)', (year) => {
    const counted = Array.from({ length: 12 }, (_, month) => {
      const first = `${year}-${String(month + 1).padStart(2, '0')}-01` as IsoDate;
      const last = new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10) as IsoDate;
      return datesInRange(first, last).filter((date) => isWorkingDay(calendar, date)).length;
    });
    expect(counted).toEqual(workingDaysPerMonth[year]);
  });

  it('names every festival in Chinese and English', () => {
    for (const year of CHINA_MAINLAND_SCHEDULE.years) {
      for (const holiday of year.holidays) {
        expect(holiday.name.zh).toMatch(/\p{Script=Han}/u);
        expect(holiday.name.en).toMatch(/^[A-Z][A-Za-z' -]+$/);
      }
    }
  });
});
