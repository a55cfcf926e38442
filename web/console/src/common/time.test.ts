import { describe, expect, it } from 'vitest';
import { formatSeconds, formatTime, inMall } from './time';

describe('times in the mall’s zone', () => {
  it('formats as dayjs in Asia/Shanghai does, across the mall’s midnight and the year’s end', () => {
    for (const iso of ['2026-12-02T15:59:59.999Z', '2026-12-02T16:00:00.000Z', '2026-12-31T16:30:05.000Z', '2026-06-01T03:04:05.000Z']) {
      expect([iso, formatTime(iso)]).toEqual([iso, inMall(iso).format('YYYY-MM-DD HH:mm')]);
      expect([iso, formatSeconds(iso)]).toEqual([iso, inMall(iso).format('YYYY-MM-DD HH:mm:ss')]);
    }
    expect(formatTime('2026-12-02T16:00:00.000Z')).toBe('2026-12-03 00:00');
    expect([formatTime(null), formatTime('not a time')]).toEqual(['—', '—']);
  });
});
