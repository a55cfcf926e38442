import { SAMPLE_GROUP_POLICY, validateGroupPolicy, type GroupPolicy } from './group-policy';

describe('clock policy validation', () => {
  it('accepts the sample clocks, notices and ladder', () => {
    expect(validateGroupPolicy(SAMPLE_GROUP_POLICY)).toEqual([]);
  });

  it('refuses a policy that leaves the top of the escalation ladder (group HQ operations) vacant', () => {
    const headless = { ...SAMPLE_GROUP_POLICY, staff: SAMPLE_GROUP_POLICY.staff.map((member) => (member.roles.includes('hq-operations') ? { ...member, active: false } : member)) };
    expect(validateGroupPolicy(headless)).toEqual([{ field: 'staff', messages: [expect.stringContaining('hq-operations')] }]);
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

  it('takes end-of-day targets from 0 days (the same day), and names wrong facts, start events and conditional meets', () => {
    const [first, ...rest] = SAMPLE_GROUP_POLICY.clocks;
    const sameDay = { ...SAMPLE_GROUP_POLICY, clocks: [{ ...first, target: { amount: 0, unit: 'end-of-day' } }, ...rest] } as GroupPolicy;
    expect(validateGroupPolicy(sameDay)).toEqual([]);
    const broken = {
      ...SAMPLE_GROUP_POLICY,
      clocks: [
        {
          ...first,
          target: { amount: 0, unit: 'hours' },
          alsoStartsOn: ['Nope'],
          alsoMetOnWhen: [{ on: 'CaseVerified', when: { validities: ['maybe'] } }],
          when: { facts: ['happy'], notFacts: ['grumbling'] },
        },
        ...rest,
      ],
    } as unknown as GroupPolicy;
    expect(validateGroupPolicy(broken).map((problem) => problem.field).sort()).toEqual(
      ['clocks.0.alsoMetOnWhen.0.when.validities', 'clocks.0.alsoStartsOn', 'clocks.0.target.amount', 'clocks.0.when.facts'].sort(),
    );
  });
});
