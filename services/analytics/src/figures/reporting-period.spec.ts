import { isoWeekOfDate, reportingPeriodsOf, shiftMonth } from './reporting-period';

describe('reporting periods', () => {
  it('reads the month on the mall wall clock: one instant is December in Shanghai and November in Los Angeles', () => {
    const instant = '2026-11-30T16:30:00.000Z';
    expect(reportingPeriodsOf(instant, 'Asia/Shanghai')).toEqual({ localDate: '2026-12-01', month: '2026-12', week: '2026-W49' });
    expect(reportingPeriodsOf(instant, 'America/Los_Angeles')).toEqual({ localDate: '2026-11-30', month: '2026-11', week: '2026-W49' });
  });

  it('keeps the last minutes of a month in that month', () => {
    expect(reportingPeriodsOf('2026-11-30T15:59:59.000Z', 'Asia/Shanghai').month).toBe('2026-11');
    expect(reportingPeriodsOf('2026-11-30T16:00:00.000Z', 'Asia/Shanghai').month).toBe('2026-12');
  });

  it.each([
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-11-23', '2026-W48'],
    ['2026-11-22', '2026-W47'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
  ] as const)('gives %s the ISO week %s', (date, week) => {
    expect(isoWeekOfDate(date)).toBe(week);
  });

  it('shifts months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', -12)).toBe('2025-11');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });
});
