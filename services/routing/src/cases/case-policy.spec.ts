import { SAMPLE_GROUP_POLICY, type GroupPolicy } from '@mallcare/policy';
import { repeatCountForMajor } from './case-policy';

const policy = SAMPLE_GROUP_POLICY;

describe('case policy: repeat threshold', () => {
  it('is the group’s (2) unless the mall sets its own', () => {
    expect(repeatCountForMajor(policy, 'SH01')).toBe(2);
    const strict: GroupPolicy = {
      ...policy,
      malls: policy.malls.map((mall) => (mall.id === 'BJ01' ? { ...mall, settings: { severity: { ...policy.severity, repeatCountForMajor: 4 } } } : mall)),
    };
    expect(repeatCountForMajor(strict, 'BJ01')).toBe(4);
    expect(repeatCountForMajor(strict, 'SH01')).toBe(2);
  });
});
