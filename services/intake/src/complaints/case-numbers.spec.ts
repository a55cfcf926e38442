import { formatCaseNumber, localDay } from './case-numbers';

describe('case numbers', () => {
  it('count the day in the mall’s time zone: 23:30 UTC on the 22nd is the 23rd in Shanghai', () => {
    expect(localDay(new Date('2026-11-22T23:30:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(localDay(new Date('2026-11-22T15:59:59.000Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    expect(localDay(new Date('2026-11-22T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-23');
  });

  it('read like SH01-20261123-0007', () => {
    expect(formatCaseNumber('SH01', '2026-11-23', 7)).toBe('SH01-20261123-0007');
    expect(formatCaseNumber('GZ01', '2026-01-02', 12345)).toBe('GZ01-20260102-12345');
  });
});
