import { describe, expect, it } from 'vitest';
import { bucketOf } from './CallbackDeskPage';

describe('the callback desk’s buckets (mall day, Asia/Shanghai)', () => {
  const now = new Date('2026-12-02T08:00:00Z'); // 16:00 in Shanghai
  it('puts a passed deadline in overdue, the rest of the mall day in today, then later', () => {
    expect(bucketOf({ dueAt: '2026-12-02T07:59:00Z', overdue: false }, now)).toBe('overdue');
    expect(bucketOf({ dueAt: '2026-12-02T15:59:00Z', overdue: false }, now)).toBe('today');
    expect(bucketOf({ dueAt: '2026-12-02T16:00:00Z', overdue: false }, now)).toBe('later');
    expect(bucketOf({ dueAt: '2026-12-03T16:00:00Z', overdue: true }, now)).toBe('overdue');
  });
});
