import { contentDisposition, safeFileName } from './export-file';
import { formatLocalInstant, wallClockDate } from './export-table';

describe('export files', () => {
  it('names the download in UTF-8 with an ASCII fallback (RFC 6266/5987)', () => {
    expect(contentDisposition({ fileName: '上海虹桥广场-客诉月报-2026-11.xlsx', asciiFileName: 'SH01-monthly-2026-11.xlsx' })).toBe(
      `attachment; filename="SH01-monthly-2026-11.xlsx"; filename*=UTF-8''%E4%B8%8A%E6%B5%B7%E8%99%B9%E6%A1%A5%E5%B9%BF%E5%9C%BA-%E5%AE%A2%E8%AF%89%E6%9C%88%E6%8A%A5-2026-11.xlsx`,
    );
    expect(contentDisposition({ fileName: "it's (1).csv", asciiFileName: 'a"b.csv' })).toBe(`attachment; filename="a_b.csv"; filename*=UTF-8''it%27s%20%281%29.csv`);
  });

  it('keeps file names free of path and shell characters', () => {
    expect(safeFileName('上海 虹桥/广场:1')).toBe('上海_虹桥_广场_1');
  });

  it('shows instants on the mall wall clock', () => {
    const instant = { instant: '2026-11-30T16:30:00.000Z', timeZone: 'Asia/Shanghai' };
    expect(formatLocalInstant(instant)).toBe('2026-12-01 00:30');
    expect(wallClockDate(instant).toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(formatLocalInstant({ instant: '2026-07-01T12:00:00.000Z', timeZone: 'Europe/London' })).toBe('2026-07-01 13:00');
    // London springs forward at 01:00 UTC on 29 March 2026: the wall clock jumps from 00:59 to 02:00.
    expect(formatLocalInstant({ instant: '2026-03-29T00:59:00.000Z', timeZone: 'Europe/London' })).toBe('2026-03-29 00:59');
    expect(formatLocalInstant({ instant: '2026-03-29T01:00:00.000Z', timeZone: 'Europe/London' })).toBe('2026-03-29 02:00');
    expect(formatLocalInstant({ instant: '2026-10-25T00:59:59.000Z', timeZone: 'Europe/London' })).toBe('2026-10-25 01:59');
    expect(formatLocalInstant({ instant: '2026-10-25T01:00:00.000Z', timeZone: 'Europe/London' })).toBe('2026-10-25 01:00');
  });
});
