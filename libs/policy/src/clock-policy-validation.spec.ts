import { SAMPLE_GROUP_POLICY, type GroupPolicy } from './group-policy';
import { validateGroupPolicy } from './policy-validation';

describe('clock policy validation', () => {
  it('accepts the sample clocks, notices and ladder', () => {
    expect(validateGroupPolicy(SAMPLE_GROUP_POLICY)).toEqual([]);
  });

  it('names the field of a wrong ladder rung, warning point, met event or notice', () => {
    const broken = {
      ...SAMPLE_GROUP_POLICY,
      clocks: [{ ...SAMPLE_GROUP_POLICY.clocks[0], ladder: ['janitor'], warnAtPercent: [120], alsoMetOn: ['Nope'] }, ...SAMPLE_GROUP_POLICY.clocks.slice(1)],
      clockNotices: [{ kind: 'media-risk', on: [], tell: ['mall-gm'] }],
    } as unknown as GroupPolicy;
    expect(validateGroupPolicy(broken).map((problem) => problem.field)).toEqual(
      expect.arrayContaining(['clocks.0.ladder', 'clocks.0.warnAtPercent', 'clocks.0.alsoMetOn', 'clockNotices.0.on']),
    );
  });
});
