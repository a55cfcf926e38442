import { DEFAULT_GROUP_TARGETS, targetsOf } from './group-targets';
import { SAMPLE_GROUP_POLICY, validateGroupPolicy } from './group-policy';

describe('group targets (docs/domain.md §6)', () => {
  it('hold the procedures’ values when the policy names none, and the policy’s where it does', () => {
    expect(targetsOf({})).toEqual({ responseWithin24h: 0.95, closureRate: 0.95, closureRateStretch: 0.98, satisfactionRate: 0.9, dataCompleteness: 1 });
    expect(targetsOf({ targets: { ...DEFAULT_GROUP_TARGETS, satisfactionRate: 0.85 } }).satisfactionRate).toBe(0.85);
    expect(targetsOf(SAMPLE_GROUP_POLICY)).toEqual(DEFAULT_GROUP_TARGETS);
  });

  it('refuses shares out of (0, 1], unknown targets and a stretch below the closure target, field by field', () => {
    const withTargets = (targets: Record<string, unknown>) => validateGroupPolicy({ ...SAMPLE_GROUP_POLICY, targets: targets as never });
    const share = ['must be a share greater than 0 and at most 1 (0.95 = 95 %)'];
    expect(withTargets({ ...DEFAULT_GROUP_TARGETS, closureRate: 0, satisfactionRate: 1.01, dataCompleteness: 'all' })).toEqual([
      { field: 'targets.closureRate', messages: share },
      { field: 'targets.satisfactionRate', messages: share },
      { field: 'targets.dataCompleteness', messages: share },
    ]);
    expect(withTargets({ ...DEFAULT_GROUP_TARGETS, speed: 0.5 })).toEqual([{ field: 'targets.speed', messages: ['property speed should not exist'] }]);
    expect(withTargets({ ...DEFAULT_GROUP_TARGETS, closureRate: 0.99 })).toEqual([{ field: 'targets.closureRateStretch', messages: ['must not be below closureRate'] }]);
    expect(withTargets([] as never)).toEqual([{ field: 'targets', messages: ['targets must be an object'] }]);
    expect(validateGroupPolicy({ ...SAMPLE_GROUP_POLICY, targets: { ...DEFAULT_GROUP_TARGETS, closureRate: 2 } })).toContainEqual({
      field: 'targets.closureRate',
      messages: share,
    });
  });
});
