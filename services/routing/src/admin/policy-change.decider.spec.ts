import { ORGANISATION_STREAM_KEY, type GroupPolicyChangedV1 } from '@mallcare/contracts';
import { addPolicyDurationOnCalendar, assignResponsible, decideRouting, policyCalendarFor, findMall, SAMPLE_GROUP_POLICY, settingsFor, type GroupPolicy, type Identity } from '@mallcare/policy';
import { deciderSpecification, seedIdentity, storedEvent } from '@mallcare/testing';
import { policyChangeDecider, PolicyChangeForbidden, PolicyChangeRejected, UnknownMall, type ChangePolicy, type PolicyChange } from './policy-change.decider';

const decider = policyChangeDecider(SAMPLE_GROUP_POLICY);
const spec = deciderSpecification(decider);
const admin = seedIdentity('hq-admin');
const gmSH01 = seedIdentity('sh01-gm');
const AT = '2026-11-23T02:00:00.000Z';

const changePolicy = (change: PolicyChange, by: Identity = admin, effectiveFrom?: string): ChangePolicy => ({
  type: 'ChangePolicy',
  data: { change, by, at: AT, ...(effectiveFrom ? { effectiveFrom } : {}) },
});
const decide = (command: ChangePolicy, given = decider.initialState()) => decider.decide(command, given);
const newPolicy = (decisions: { data: GroupPolicyChangedV1 }[]): GroupPolicy => decisions[0].data.policy as unknown as GroupPolicy;
const changedEvent = (data: GroupPolicyChangedV1) => storedEvent('GroupPolicyChanged', data, { complaintId: ORGANISATION_STREAM_KEY, mallId: 'HQ' });
const thrown = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

const gzMarketingToOperations: PolicyChange = {
  kind: 'mall-routing',
  mallId: 'GZ01',
  routing: { handlingDepartmentRules: [{ id: 'gz01-all-operations', categories: ['*'], departmentId: 'operations' }] },
};

describe('policy change decider', () => {
  it('changes a mall’s routing rules: a new version from now, naming what changed and who changed it', () => {
    const decisions = decide(changePolicy(gzMarketingToOperations));
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      type: 'GroupPolicyChanged',
      data: {
        version: 'sample-group-r2',
        revision: 2,
        previousVersion: 'sample-group-r1',
        effectiveFrom: AT,
        changedBy: 'hq-admin',
        change: { kind: 'mall-routing', mallId: 'GZ01', staffId: null, changedPaths: ['malls.GZ01.routing'] },
      },
    });
    const policy = newPolicy(decisions);
    expect(decideRouting(policy, { mallId: 'GZ01', category: 'marketing-events', complainantType: 'consumer' }).handlingDepartmentId).toBe('operations');
    expect(decideRouting(policy, { mallId: 'SH01', category: 'engineering-equipment', complainantType: 'consumer' }).handlingDepartmentId).toBe('engineering');
    expect(policy).toMatchObject({ version: 'sample-group-r2', revision: 2, effectiveFrom: AT });
  });

  it('builds on the latest version in the log', () => {
    const first = decide(changePolicy(gzMarketingToOperations));
    const given = [changedEvent(first[0].data)];
    spec(given)
      .when(changePolicy({ kind: 'mall-settings', mallId: 'SH01', settings: { collective: { windowMinutes: 60, minDistinctTenants: 3 } } }))
      .then([
        expect.objectContaining({
          data: expect.objectContaining({ version: 'sample-group-r3', previousVersion: 'sample-group-r2', change: expect.objectContaining({ kind: 'mall-settings' }) }),
        }),
      ]);
    const third = newPolicy(decider.decide(changePolicy({ kind: 'mall-settings', mallId: 'SH01', settings: { collective: { windowMinutes: 60, minDistinctTenants: 3 } } }), given.reduce(decider.evolve, decider.initialState())));
    expect(settingsFor(third, 'SH01').collective).toEqual({ windowMinutes: 60, minDistinctTenants: 3 });
    expect(findMall(third, 'GZ01')?.routing?.handlingDepartmentRules?.[0].id).toBe('gz01-all-operations');
  });

  it('makes a mall follow the group again when its setting is set to null or its tables left out', () => {
    const decisions = decide(changePolicy({ kind: 'mall-settings', mallId: 'GZ01', settings: { collective: null, severity: undefined } }));
    expect(findMall(newPolicy(decisions), 'GZ01')?.settings).toBeUndefined();
    expect(decisions[0].data.change).toMatchObject({ summary: 'settings of mall GZ01 changed (collective follows the group)', changedPaths: ['malls.GZ01.settings.collective'] });
    const routing = newPolicy(decide(changePolicy({ kind: 'mall-routing', mallId: 'GZ01', routing: {} })));
    expect(findMall(routing, 'GZ01')?.routing).toBeUndefined();
  });

  it('sets departments with managers and duty rosters, so assignment follows the new roster', () => {
    const sh01 = findMall(SAMPLE_GROUP_POLICY, 'SH01');
    const departments = (sh01?.departments ?? []).map((department) =>
      department.id === 'operations'
        ? { ...department, roster: [{ staffId: 'sh01-operations-2', days: ['mon' as const], from: '08:00', to: '20:00' }] }
        : department,
    );
    const policy = newPolicy(decide(changePolicy({ kind: 'mall-departments', mallId: 'SH01', departments }, gmSH01)));
    expect(assignResponsible(policy, 'SH01', 'operations', new Date('2026-11-23T10:00:00+08:00'))).toEqual({ staffId: 'sh01-operations-2', rule: 'roster' });
  });

  it('adds and changes staff; a GM may manage their own mall’s staff with mall roles', () => {
    const member = { id: 'sh01-operations-3', name: '新员工', roles: ['department-handler' as const], mallId: 'SH01', departmentId: 'operations', active: true };
    const [added] = decide(changePolicy({ kind: 'staff-member', member }, gmSH01));
    expect(added.data.change).toMatchObject({ kind: 'staff-member', mallId: 'SH01', staffId: 'sh01-operations-3' });
    expect(newPolicy([added]).staff).toContainEqual(member);
  });

  it('rejects changes that leave the policy unusable, naming the fields of the request', () => {
    const error = thrown(() =>
      decide(changePolicy({ kind: 'mall-routing', mallId: 'SH01', routing: { handlingDepartmentRules: [{ id: 'x', categories: ['product-quality'], departmentId: 'canteen' }] } })),
    );
    expect(error).toBeInstanceOf(PolicyChangeRejected);
    expect((error as PolicyChangeRejected).errors.map((e) => e.field)).toEqual(['handlingDepartmentRules.0.departmentId', 'handlingDepartmentRules']);

    const roster = thrown(() =>
      decide(
        changePolicy({
          kind: 'mall-departments',
          mallId: 'SH01',
          departments: (findMall(SAMPLE_GROUP_POLICY, 'SH01')?.departments ?? []).map((d) => ({ ...d, managerStaffId: d.id === 'security' ? 'bj01-security-mgr' : d.managerStaffId })),
        }),
      ),
    );
    expect((roster as PolicyChangeRejected).errors).toEqual([{ field: 'departments.4.managerStaffId', messages: ['bj01-security-mgr is not staff of security at SH01'] }]);
  });

  it('rejects an effectiveFrom in the past or before the latest version', () => {
    spec([]).when(changePolicy(gzMarketingToOperations, admin, '2026-11-22T00:00:00.000Z')).thenThrows(PolicyChangeRejected, (e) =>
      expect((e as PolicyChangeRejected).errors[0].field).toBe('effectiveFrom'),
    );
    const scheduled = decide(changePolicy(gzMarketingToOperations, admin, '2027-01-01T00:00:00.000Z'));
    expect(scheduled[0].data.effectiveFrom).toBe('2027-01-01T00:00:00.000Z');
    spec([changedEvent(scheduled[0].data)])
      .when(changePolicy({ kind: 'mall-settings', mallId: 'SH01', settings: { repeat: { lookbackDays: 30 } } }))
      .thenThrows(PolicyChangeRejected, (e) => expect(JSON.stringify((e as PolicyChangeRejected).errors)).toContain('sample-group-r2'));
  });

  it('lets a GM change only their own mall, and never the group rules or HQ roles', () => {
    spec([]).when(changePolicy(gzMarketingToOperations, gmSH01)).thenThrows(PolicyChangeForbidden);
    spec([]).when(changePolicy({ kind: 'group-settings', settings: { collective: { windowMinutes: 60, minDistinctTenants: 5 } } }, gmSH01)).thenThrows(PolicyChangeForbidden);
    spec([])
      .when(changePolicy({ kind: 'staff-member', member: { id: 'sh01-desk-1', name: '客服', roles: ['group-admin'], mallId: 'SH01', departmentId: 'customer-service', active: true } }, gmSH01))
      .thenThrows(PolicyChangeForbidden, (e) => expect(e.message).toContain('group-admin'));
    spec([])
      .when(changePolicy({ kind: 'staff-member', member: { id: 'bj01-desk-1', name: '客服', roles: ['front-desk-agent'], mallId: 'SH01', departmentId: 'customer-service', active: true } }, gmSH01))
      .thenThrows(PolicyChangeForbidden);
    spec([])
      .when(changePolicy({ kind: 'mall-profile', mallId: 'SZ01', profile: { name: '深圳', nameEn: 'Shenzhen', city: '深圳', timeZone: 'Asia/Shanghai', enabledChannels: ['walk-in'] } }, gmSH01))
      .thenThrows(PolicyChangeForbidden);
    spec([]).when(changePolicy(gzMarketingToOperations, seedIdentity('sh01-operations-mgr'))).thenThrows(PolicyChangeForbidden);
  });

  it('adds a mall with the group’s standard departments (group admin), and rejects changes to an unknown mall', () => {
    const policy = newPolicy(
      decide(changePolicy({ kind: 'mall-profile', mallId: 'SZ01', profile: { name: '深圳南山广场', nameEn: 'Shenzhen Nanshan Plaza', city: '深圳', timeZone: 'Asia/Shanghai', enabledChannels: ['walk-in', 'phone'] } })),
    );
    expect(findMall(policy, 'SZ01')?.departments.map((d) => d.id)).toEqual(SAMPLE_GROUP_POLICY.departments);
    spec([]).when(changePolicy({ kind: 'mall-settings', mallId: 'XX01', settings: {} })).thenThrows(UnknownMall);
  });

  it('changes a clock’s duration and warning point (group admin only), keeping its ladder and interval unless told', () => {
    const decisions = decide(changePolicy({ kind: 'group-clocks', clockKind: 'business-affected', clock: { target: { amount: 2, unit: 'hours' }, warnAtPercent: [60] } }));
    expect(decisions[0].data.change).toMatchObject({ kind: 'group-clocks', mallId: null, changedPaths: ['clocks.business-affected'] });
    const before = SAMPLE_GROUP_POLICY.clocks.find((clock) => clock.kind === 'business-affected');
    const after = newPolicy(decisions).clocks.find((clock) => clock.kind === 'business-affected');
    expect(after).toEqual({ ...before, target: { amount: 2, unit: 'hours' }, warnAtPercent: [60] });
    const reset = newPolicy(decide(changePolicy({ kind: 'group-clocks', clockKind: 'business-affected', clock: { target: { amount: 1, unit: 'hours' }, escalateEvery: null } })));
    expect(reset.clocks.find((clock) => clock.kind === 'business-affected')).not.toHaveProperty('escalateEvery');
    // The body as the validation pipe makes it: every field of the DTO is a key, undefined when not sent.
    const untold = newPolicy(decide(changePolicy({ kind: 'group-clocks', clockKind: 'business-affected', clock: { target: { amount: 3, unit: 'hours' }, warnAtPercent: undefined, escalateEvery: undefined } })));
    expect(untold.clocks.find((clock) => clock.kind === 'business-affected')).toEqual({ ...before, target: { amount: 3, unit: 'hours' } });

    expect(thrown(() => decide(changePolicy({ kind: 'group-clocks', clockKind: 'business-affected', clock: { target: { amount: 2, unit: 'hours' } } }, gmSH01)))).toBeInstanceOf(PolicyChangeForbidden);
    const unknown = thrown(() => decide(changePolicy({ kind: 'group-clocks', clockKind: 'tea-break', clock: { target: { amount: 2, unit: 'hours' } } })));
    expect((unknown as PolicyChangeRejected).errors).toEqual([{ field: 'kind', messages: ['there is no clock tea-break'] }]);
    const invalid = thrown(() => decide(changePolicy({ kind: 'group-clocks', clockKind: 'business-affected', clock: { target: { amount: 0, unit: 'hours' } } })));
    expect((invalid as PolicyChangeRejected).errors.map((error) => error.field)).toContain('target.amount');
  });

  it('changes the group-wide targets (group admin only), the rest as they were, and refuses a share out of range or a stretch below its target', () => {
    const decisions = decide(changePolicy({ kind: 'group-targets', targets: { satisfactionRate: 0.92 } }));
    expect(decisions[0].data.change).toMatchObject({ kind: 'group-targets', mallId: null, changedPaths: ['targets.satisfactionRate'], summary: 'group targets changed (satisfactionRate 92 %)' });
    expect(newPolicy(decisions).targets).toEqual({ ...SAMPLE_GROUP_POLICY.targets, satisfactionRate: 0.92 });

    expect(thrown(() => decide(changePolicy({ kind: 'group-targets', targets: { satisfactionRate: 0.92 } }, gmSH01)))).toBeInstanceOf(PolicyChangeForbidden);
    const outOfRange = thrown(() => decide(changePolicy({ kind: 'group-targets', targets: { closureRate: 1.5 } })));
    expect((outOfRange as PolicyChangeRejected).errors).toEqual([{ field: 'closureRate', messages: ['must be a share greater than 0 and at most 1 (0.95 = 95 %)'] }]);
    const belowTarget = thrown(() => decide(changePolicy({ kind: 'group-targets', targets: { closureRateStretch: 0.9 } })));
    expect((belowTarget as PolicyChangeRejected).errors).toEqual([{ field: 'closureRateStretch', messages: ['must not be below closureRate'] }]);
  });

  it('sets a mall’s closures and extra working days, so its working-day clocks move past a closure', () => {
    const from = new Date('2026-12-07T02:00:00.000Z');
    const twoWorkingDays = { amount: 2, unit: 'working-days' } as const;
    const before = addPolicyDurationOnCalendar(from, twoWorkingDays, policyCalendarFor(SAMPLE_GROUP_POLICY, 'SH01')).dueAt;
    const decisions = decide(changePolicy({ kind: 'mall-calendar', mallId: 'SH01', calendar: { closures: [{ date: '2026-12-08', reason: '盘点停业' }], extraWorkingDates: [] } }, gmSH01));
    expect(decisions[0].data.change).toMatchObject({ kind: 'mall-calendar', mallId: 'SH01', changedPaths: ['malls.SH01.calendar'], summary: 'calendar of mall SH01 set (1 closures, 0 extra working days)' });
    const policy = newPolicy(decisions);
    const after = addPolicyDurationOnCalendar(from, twoWorkingDays, policyCalendarFor(policy, 'SH01')).dueAt;
    expect(after.getTime() - before.getTime()).toBe(86_400_000);
    expect(addPolicyDurationOnCalendar(from, twoWorkingDays, policyCalendarFor(policy, 'GZ01')).dueAt).toEqual(before);
    // Both lists empty: the mall follows the national schedule alone again.
    const cleared = decide(changePolicy({ kind: 'mall-calendar', mallId: 'SH01', calendar: { closures: [], extraWorkingDates: [] } }), decider.evolve(decider.initialState(), changedEvent(decisions[0].data)));
    expect(findMall(newPolicy(cleared), 'SH01')).not.toHaveProperty('calendar');
  });

  it('rejects dates that are not days, repeated, or both shut and working; and another mall’s GM', () => {
    const error = thrown(() =>
      decide(
        changePolicy({
          kind: 'mall-calendar',
          mallId: 'SH01',
          calendar: { closures: [{ date: '2026-02-30' }, { date: '2026-12-08' }, { date: '2026-12-08' }], extraWorkingDates: [{ date: '2026-12-08' }] },
        }),
      ),
    );
    expect((error as PolicyChangeRejected).errors).toEqual([
      { field: 'closures.0.date', messages: ['must be a calendar date YYYY-MM-DD'] },
      { field: 'closures.2.date', messages: ['2026-12-08 is listed twice'] },
      { field: 'extraWorkingDates.0.date', messages: ['2026-12-08 cannot be both a closure and an extra working day'] },
    ]);
    spec([]).when(changePolicy({ kind: 'mall-calendar', mallId: 'GZ01', calendar: { closures: [{ date: '2026-12-08' }], extraWorkingDates: [] } }, gmSH01)).thenThrows(PolicyChangeForbidden);
  });

  it('decides nothing when the change changes nothing', () => {
    const sh01 = findMall(SAMPLE_GROUP_POLICY, 'SH01');
    spec([]).when(changePolicy({ kind: 'mall-departments', mallId: 'SH01', departments: sh01?.departments ?? [] })).then([]);
  });
});
