import { packMonthDue } from './pack-schedule';

describe('when the monthly packs are due', () => {
  it('is the previous month, from 01:00 on the 1st on the group’s wall clock', () => {
    // 1 December 01:30 in Shanghai = 30 November 17:30 UTC.
    expect(packMonthDue(new Date('2026-11-30T17:30:00.000Z'), 'Asia/Shanghai')).toBe('2026-11');
    expect(packMonthDue(new Date('2026-12-01T10:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11');
  });

  it('is nothing before 01:00 on the 1st or on any other day', () => {
    expect(packMonthDue(new Date('2026-11-30T16:30:00.000Z'), 'Asia/Shanghai')).toBeNull(); // 00:30 local
    expect(packMonthDue(new Date('2026-11-30T10:00:00.000Z'), 'Asia/Shanghai')).toBeNull(); // 30 November
    expect(packMonthDue(new Date('2026-12-01T16:30:00.000Z'), 'Asia/Shanghai')).toBeNull(); // 2 December 00:30
  });

  it('turns the year in January and follows another zone', () => {
    expect(packMonthDue(new Date('2026-12-31T18:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-12');
    // 1 March 02:00 in London (GMT) is 02:00 UTC; in Shanghai it is already 10:00, also the 1st.
    expect(packMonthDue(new Date('2027-03-01T02:00:00.000Z'), 'Europe/London')).toBe('2027-02');
    expect(packMonthDue(new Date('2027-03-01T00:30:00.000Z'), 'Europe/London')).toBeNull();
  });
});
