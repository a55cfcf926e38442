import { describe, expect, it } from 'vitest';
import type { Clock } from '../api/views';
import { deadlineOf, gradeOf } from './sla-grade';

const at = (iso: string) => Date.parse(iso);
const clock = (partial: Partial<Clock>): Clock => ({ clockId: 'k', kind: 'resolve', state: 'running', dueAt: '2026-12-02T10:00:00Z', ...partial });

describe('the graded SLA countdown', () => {
  it('is normal before the warning point, at risk from it, breached past the deadline', () => {
    const resolve = clock({ warnAt: ['2026-12-02T09:00:00Z'] });
    expect(gradeOf([resolve], null, at('2026-12-02T08:59:59Z')).grade).toBe('normal');
    expect(gradeOf([resolve], null, at('2026-12-02T09:00:00Z')).grade).toBe('at-risk');
    expect(gradeOf([resolve], null, at('2026-12-02T10:00:00Z')).grade).toBe('breached');
  });

  it('follows sla-monitor’s own state: warned, breached, paused with its reason', () => {
    expect(gradeOf([clock({ state: 'warned' })], null, at('2026-12-02T08:00:00Z')).grade).toBe('at-risk');
    expect(gradeOf([clock({ state: 'breached' })], null, at('2026-12-02T08:00:00Z')).grade).toBe('breached');
    const paused = gradeOf([clock({ state: 'paused', pauseReason: '等待顾客提供小票' })], null, at('2026-12-02T11:00:00Z'));
    expect(paused).toMatchObject({ grade: 'paused', clock: { pauseReason: '等待顾客提供小票' } });
  });

  it('grades as routing does: the most urgent clock wins over a nearer paused one', () => {
    const paused = clock({ clockId: 'p', state: 'paused', pauseReason: '等待顾客提供小票', dueAt: '2026-12-02T09:00:00Z' });
    const late = clock({ clockId: 'r', dueAt: '2026-12-02T10:00:00Z', warnAt: ['2026-12-02T09:30:00Z'] });
    expect(gradeOf([paused, late], null, at('2026-12-02T08:00:00Z'))).toMatchObject({ grade: 'paused', dueAt: '2026-12-02T10:00:00Z' });
    expect(gradeOf([paused, late], null, at('2026-12-02T09:30:00Z'))).toMatchObject({ grade: 'at-risk', clock: { clockId: 'r' } });
    expect(gradeOf([paused, late], null, at('2026-12-02T10:00:00Z'))).toMatchObject({ grade: 'breached', clock: { clockId: 'r' } });
  });

  it('holds the case to its nearest open clock; met clocks do not count', () => {
    const clocks = [clock({ clockId: 'a', kind: 'resolve', dueAt: '2026-12-03T10:00:00Z' }), clock({ clockId: 'b', kind: 'first-reply', dueAt: '2026-12-02T12:00:00Z' }), clock({ clockId: 'c', state: 'met', dueAt: '2026-12-01T00:00:00Z' })];
    expect(gradeOf(clocks, null, at('2026-12-02T08:00:00Z'))).toMatchObject({ dueAt: '2026-12-02T12:00:00Z', clock: { kind: 'first-reply' } });
    expect(deadlineOf(clocks, null)).toBe(at('2026-12-02T12:00:00Z'));
  });

  it('falls back to the queue’s deadline without clocks, and sorts cases without one last', () => {
    expect(gradeOf([], '2026-12-02T10:00:00Z', at('2026-12-02T11:00:00Z')).grade).toBe('breached');
    expect(gradeOf([], null, 0).grade).toBe('none');
    expect(deadlineOf([], null)).toBe(Number.POSITIVE_INFINITY);
  });
});
