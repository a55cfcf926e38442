import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@mallcare/contracts';
import { createValidationPipe } from '@mallcare/platform';
import { SAMPLE_GROUP_POLICY, targetsOf, validateGroupPolicy, type GroupPolicy } from '@mallcare/policy';
import { ClockChangeDto, GroupTargetsDto, MallDepartmentsDto, MallProfileDto, SettingsDto } from './policy-change.dto';

const pipe = createValidationPipe();

/** The field errors a request body gets from the API's validation pipe. */
const requestErrors = async (metatype: new () => object, body: object): Promise<FieldError[]> => {
  try {
    await pipe.transform(body, { type: 'body', metatype, data: undefined });
  } catch (error) {
    if (error instanceof BadRequestException) return (error.getResponse() as { errors: FieldError[] }).errors;
    throw error;
  }
  return [];
};

/** The field errors the same part gets where it is stored in a policy, named from that part. */
const storedErrors = (policy: GroupPolicy, at: string): FieldError[] =>
  validateGroupPolicy(policy)
    .filter(({ field }) => field.startsWith(at))
    .map(({ field, messages }) => ({ field: field.slice(at.length), messages }));

const copy = (): GroupPolicy => structuredClone(SAMPLE_GROUP_POLICY);
const byField = (errors: FieldError[]) => [...errors].sort((a, b) => a.field.localeCompare(b.field));

describe('the admin API’s bodies and the stored policy are one schema', () => {
  it('refuses a mall’s departments the same way in a request and in the policy', async () => {
    const policy = copy();
    const [operations] = policy.malls[0].departments;
    Object.assign(operations.roster[0], { days: ['funday'], from: '25:00' });
    Object.assign(operations.roster[1], { to: operations.roster[1].from });
    operations.name = '';
    const request = await requestErrors(MallDepartmentsDto, { departments: policy.malls[0].departments });
    expect(byField(request)).toEqual(byField(storedErrors(policy, 'malls.0.')));
    expect(byField(request).map((error) => error.field)).toEqual(['departments.0.name', 'departments.0.roster.0.days', 'departments.0.roster.0.from', 'departments.0.roster.1.to']);
  });

  it('refuses a clock’s timing the same way: the duration at its amount, warning points out of range', async () => {
    const policy = copy();
    Object.assign(policy.clocks[1], { target: { amount: 0, unit: 'hours' }, warnAtPercent: [120], escalateEvery: { amount: 1.5, unit: 'fortnights' } });
    const { target, warnAtPercent, escalateEvery } = policy.clocks[1];
    const request = await requestErrors(ClockChangeDto, { target, warnAtPercent, escalateEvery });
    expect(byField(request)).toEqual(byField(storedErrors(policy, 'clocks.1.')));
    expect(byField(request).map((error) => error.field)).toEqual(['escalateEvery.amount', 'escalateEvery.unit', 'target.amount', 'warnAtPercent']);
    // end-of-day counts from the same day: 0 is a target there, in a request as in the policy.
    expect(await requestErrors(ClockChangeDto, { target: { amount: 0, unit: 'end-of-day' } })).toEqual([]);
  });

  it('refuses settings, a mall profile and targets the same way', async () => {
    const policy = copy();
    policy.malls[1].settings = { collective: { windowMinutes: 0, minDistinctTenants: 1 }, repeat: { lookbackDays: 4000 } };
    expect(byField(await requestErrors(SettingsDto, policy.malls[1].settings))).toEqual(byField(storedErrors(policy, 'malls.1.settings.')));

    Object.assign(policy.malls[2], { timeZone: 'Mars/Olympus', enabledChannels: ['carrier-pigeon'], city: '' });
    const { name, nameEn, city, timeZone, enabledChannels } = policy.malls[2];
    const profile = await requestErrors(MallProfileDto, { name, nameEn, city, timeZone, enabledChannels });
    expect(byField(profile)).toEqual(byField(storedErrors(policy, 'malls.2.').filter(({ field }) => !field.includes('.'))));
    expect(profile.map((error) => error.field).sort()).toEqual(['city', 'enabledChannels', 'timeZone']);

    policy.targets = { ...targetsOf(SAMPLE_GROUP_POLICY), closureRate: 1.5, dataCompleteness: 0 };
    const targets = await requestErrors(GroupTargetsDto, { closureRate: 1.5, dataCompleteness: 0 });
    expect(byField(targets)).toEqual(byField(storedErrors(policy, 'targets.')));
    expect(targets[0].messages).toEqual(['must be a share greater than 0 and at most 1 (0.95 = 95 %)']);
  });

  it('takes the sample’s own parts as valid bodies', async () => {
    const [mall] = SAMPLE_GROUP_POLICY.malls;
    expect(await requestErrors(MallDepartmentsDto, { departments: mall.departments })).toEqual([]);
    expect(await requestErrors(SettingsDto, { severity: SAMPLE_GROUP_POLICY.severity, callback: SAMPLE_GROUP_POLICY.callback })).toEqual([]);
    expect(await requestErrors(GroupTargetsDto, { satisfactionRate: 0.92 })).toEqual([]);
  });
});
