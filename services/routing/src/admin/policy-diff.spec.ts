import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { MAX_DIFFERENCES, policyDiff } from './policy-diff';

describe('policyDiff', () => {
  it('names each changed leaf by its path, things with an id by that id', () => {
    const before = { version: 'r1', revision: 1, malls: [{ id: 'SH01', settings: { collective: { windowMinutes: 60, minDistinctTenants: 3 } } }, { id: 'GZ01', name: 'A' }] };
    const after = { version: 'r2', revision: 2, malls: [{ id: 'SH01', settings: { collective: { windowMinutes: 90, minDistinctTenants: 3 } } }, { id: 'BJ01', name: 'B' }] };
    expect(policyDiff(before, after)).toEqual([
      { path: 'malls[SH01].settings.collective.windowMinutes', before: 60, after: 90 },
      { path: 'malls[GZ01].id', before: 'GZ01', after: null },
      { path: 'malls[GZ01].name', before: 'A', after: null },
      { path: 'malls[BJ01].id', before: null, after: 'BJ01' },
      { path: 'malls[BJ01].name', before: null, after: 'B' },
    ]);
  });

  it('reads a list of plain values as one value, and an added setting as absent before', () => {
    expect(policyDiff({ staff: [{ id: 'a', roles: ['director'] }] }, { staff: [{ id: 'a', roles: ['director', 'mall-gm'], active: false }] })).toEqual([
      { path: 'staff[a].active', before: null, after: false },
      { path: 'staff[a].roles', before: ['director'], after: ['director', 'mall-gm'] },
    ]);
  });

  it('finds nothing between a version and itself, whatever the order of its keys, and stops at its limit', () => {
    expect(policyDiff(SAMPLE_GROUP_POLICY, structuredClone(SAMPLE_GROUP_POLICY))).toEqual([]);
    const reordered = JSON.parse(JSON.stringify(SAMPLE_GROUP_POLICY, (_key, value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value)));
    expect(policyDiff(SAMPLE_GROUP_POLICY, reordered)).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: MAX_DIFFERENCES + 50 }, (_, index) => [`k${index}`, index]));
    expect(policyDiff({}, many)).toHaveLength(MAX_DIFFERENCES);
  });
});
