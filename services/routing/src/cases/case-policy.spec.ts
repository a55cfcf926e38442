import { SAMPLE_GROUP_POLICY, type GroupPolicy } from '@mallcare/policy';
import { repeatCountForMajor, resolveDueAt } from './case-policy';

const policy = SAMPLE_GROUP_POLICY;

describe('case policy: the work queue’s resolve deadline (DOMAIN §6)', () => {
  it('is the policy’s resolve clock from receivedAt (general: 3 days)', () => {
    expect(resolveDueAt(policy, 'SH01', '2026-11-23T02:00:00.000Z')).toBe('2026-11-26T02:00:00.000Z');
  });

  it('is the customer’s own deadline when that is sooner, and not when it is later', () => {
    expect(resolveDueAt(policy, 'SH01', '2026-11-23T02:00:00.000Z', '2026-11-24T10:00:00.000Z')).toBe('2026-11-24T10:00:00.000Z');
    expect(resolveDueAt(policy, 'SH01', '2026-11-23T02:00:00.000Z', '2026-12-24T10:00:00.000Z')).toBe('2026-11-26T02:00:00.000Z');
  });

  it('is unknown without a resolve clock, unless the customer set one', () => {
    const noClock: GroupPolicy = { ...policy, clocks: [] };
    expect(resolveDueAt(noClock, 'SH01', '2026-11-23T02:00:00.000Z')).toBeNull();
    expect(resolveDueAt(noClock, 'SH01', '2026-11-23T02:00:00.000Z', '2026-11-24T10:00:00.000Z')).toBe('2026-11-24T10:00:00.000Z');
  });
});

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
