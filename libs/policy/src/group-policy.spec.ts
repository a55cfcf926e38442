import { CATEGORIES, COMPLAINANT_TYPES, type Category } from '@mallcare/contracts';
import { assignResponsible, NoResponsiblePerson, shiftCovers } from './assignment';
import { SAMPLE_GROUP_POLICY, validateGroupPolicy, type GroupPolicy, type MallPolicy } from './group-policy';
import { settingsFor } from './mall-settings';
import { findDepartment, findMall, findStaffMember, staffOfMall, timeZoneOf } from './malls';
import { latestRevision, policyAt } from './policy-history';
import { decideRouting, NoRoutingRule, routingTablesFor } from './routing-rules';

const seed = SAMPLE_GROUP_POLICY;
/** A deep copy to change in a test without touching the seed. */
const copy = (): GroupPolicy => structuredClone(seed);
const mallOf = (policy: GroupPolicy, id: string): MallPolicy => {
  const mall = findMall(policy, id);
  if (!mall) throw new Error(`no mall ${id}`);
  return mall;
};
// 2026-11-23 is a Monday; the sample malls are on Asia/Shanghai (UTC+8).
const shanghai = (local: string): Date => new Date(`${local}+08:00`);

describe('the sample group (seed)', () => {
  it('has at least three malls in different cities, each with the six departments', () => {
    expect(new Set(seed.malls.map((mall) => mall.city)).size).toBeGreaterThanOrEqual(3);
    expect(seed.malls.map((mall) => mall.id)).toEqual(expect.arrayContaining(['SH01', 'SH02', 'BJ01', 'GZ01']));
    for (const mall of seed.malls) {
      expect(mall.departments.map((department) => department.id).sort()).toEqual(
        ['customer-service', 'engineering', 'marketing', 'operations', 'property', 'security'],
      );
    }
  });

  it('holds together: no validation problems', () => {
    expect(validateGroupPolicy(seed)).toEqual([]);
  });

  it('has staff for every role, HQ staff without a mall', () => {
    const roles = new Set(seed.staff.flatMap((member) => member.roles));
    expect([...roles].sort()).toEqual(['department-handler', 'department-manager', 'director', 'front-desk-agent', 'group-admin', 'hq-operations', 'mall-gm', 'sre']);
    expect(findStaffMember(seed, 'hq-admin')).toMatchObject({ mallId: null, roles: ['group-admin'] });
  });
});

describe('mall lookups', () => {
  it('finds malls, departments and staff, and nothing for unknown ids', () => {
    expect(findMall(seed, 'BJ01')).toMatchObject({ city: '北京', timeZone: 'Asia/Shanghai' });
    expect(findMall(seed, 'XX99')).toBeUndefined();
    expect(findDepartment(seed, 'SH01', 'engineering')?.managerStaffId).toBe('sh01-engineering-mgr');
    expect(findDepartment(seed, 'SH01', 'canteen')).toBeUndefined();
    expect(staffOfMall(seed, 'GZ01', 'security').map((member) => member.id).sort()).toEqual([
      'gz01-security-1', 'gz01-security-2', 'gz01-security-3', 'gz01-security-mgr',
    ]);
    expect(staffOfMall(seed, 'SH01').every((member) => member.mallId === 'SH01')).toBe(true);
  });

  it('gives the mall time zone, or the group one for an unknown mall', () => {
    const policy = copy();
    mallOf(policy, 'BJ01').timeZone = 'Asia/Urumqi';
    expect(timeZoneOf(policy, 'BJ01')).toBe('Asia/Urumqi');
    expect(timeZoneOf(policy, 'XX99')).toBe('Asia/Shanghai');
  });
});

describe('routing (DOMAIN §2, §5)', () => {
  it.each<[Category, string, string]>([
    ['product-quality', 'operations', 'route-product-quality'],
    ['marketing-events', 'operations', 'route-product-quality'],
    ['safety-incident', 'property', 'route-property'],
    ['engineering-equipment', 'engineering', 'route-engineering'],
    ['other', 'operations', 'route-fallback'],
  ])('at SH01 (group table) hands %s to %s', (category, department, rule) => {
    expect(decideRouting(seed, { mallId: 'SH01', category, complainantType: 'consumer' })).toEqual({
      owningDepartmentId: 'operations',
      handlingDepartmentId: department,
      routingRuleId: rule,
    });
  });

  it('follows a mall that overrides the table: GZ01 gives events to marketing and safety to security', () => {
    expect(decideRouting(seed, { mallId: 'GZ01', category: 'marketing-events', complainantType: 'consumer' })).toMatchObject({
      handlingDepartmentId: 'marketing',
      routingRuleId: 'gz01-route-marketing',
    });
    expect(decideRouting(seed, { mallId: 'GZ01', category: 'safety-incident', complainantType: 'consumer' }).handlingDepartmentId).toBe('security');
    // The mall's own handling table does not change who owns the case.
    expect(routingTablesFor(seed, 'GZ01').owningDepartmentByComplainantType).toBe(seed.owningDepartmentByComplainantType);
  });

  it('uses the owning table: anchor stores and investors are owned by property, the rest by operations', () => {
    const owner = (complainantType: (typeof COMPLAINANT_TYPES)[number]) =>
      decideRouting(seed, { mallId: 'SH01', category: 'engineering-equipment', complainantType }).owningDepartmentId;
    expect(COMPLAINANT_TYPES.map(owner)).toEqual(['operations', 'operations', 'property', 'property', 'operations']);
  });

  it('routes every category at every mall, and uses the group table without a mall', () => {
    for (const mall of seed.malls) for (const category of CATEGORIES) expect(() => decideRouting(seed, { mallId: mall.id, category, complainantType: 'other' })).not.toThrow();
    expect(decideRouting(seed, { category: 'marketing-events', complainantType: 'consumer' }).handlingDepartmentId).toBe('operations');
  });

  it('evaluates rules in order, first match wins, and fails clearly without a rule', () => {
    const policy = copy();
    mallOf(policy, 'SH02').routing = {
      handlingDepartmentRules: [
        { id: 'everything-to-security', categories: ['*'], departmentId: 'security' },
        { id: 'never-reached', categories: ['product-quality'], departmentId: 'operations' },
      ],
    };
    expect(decideRouting(policy, { mallId: 'SH02', category: 'product-quality', complainantType: 'consumer' }).routingRuleId).toBe('everything-to-security');
    mallOf(policy, 'SH02').routing = { handlingDepartmentRules: [{ id: 'only-quality', categories: ['product-quality'], departmentId: 'operations' }] };
    expect(() => decideRouting(policy, { mallId: 'SH02', category: 'other', complainantType: 'consumer' })).toThrow(NoRoutingRule);
  });
});

describe('assigning a responsible person', () => {
  it('takes whoever is on the duty roster in the mall time zone', () => {
    expect(assignResponsible(seed, 'SH01', 'operations', shanghai('2026-11-23T10:00:00'))).toEqual({ staffId: 'sh01-operations-1', rule: 'roster' });
    expect(assignResponsible(seed, 'SH01', 'operations', shanghai('2026-11-23T15:30:00'))).toEqual({ staffId: 'sh01-operations-2', rule: 'roster' });
  });

  it('covers shifts past midnight: 16:00–00:00 and 00:00–08:00', () => {
    expect(assignResponsible(seed, 'BJ01', 'engineering', shanghai('2026-11-23T23:59:00'))).toEqual({ staffId: 'bj01-engineering-2', rule: 'roster' });
    expect(assignResponsible(seed, 'BJ01', 'engineering', shanghai('2026-11-24T03:00:00'))).toEqual({ staffId: 'bj01-engineering-3', rule: 'roster' });
  });

  it('falls back to the manager when nobody is on duty (late evening; marketing at the weekend)', () => {
    expect(assignResponsible(seed, 'SH01', 'operations', shanghai('2026-11-23T23:00:00'))).toEqual({ staffId: 'sh01-operations-mgr', rule: 'manager' });
    expect(assignResponsible(seed, 'GZ01', 'marketing', shanghai('2026-11-28T10:00:00'))).toEqual({ staffId: 'gz01-marketing-mgr', rule: 'manager' });
    expect(assignResponsible(seed, 'GZ01', 'marketing', shanghai('2026-11-27T10:00:00'))).toEqual({ staffId: 'gz01-marketing-1', rule: 'roster' });
  });

  it('skips people who left, and fails when there is neither roster nor manager', () => {
    const policy = copy();
    const member = findStaffMember(policy, 'sh01-operations-1');
    if (member) member.active = false;
    expect(assignResponsible(policy, 'SH01', 'operations', shanghai('2026-11-23T10:00:00'))).toEqual({ staffId: 'sh01-operations-mgr', rule: 'manager' });
    const department = findDepartment(policy, 'SH01', 'operations');
    if (department) department.managerStaffId = null;
    expect(() => assignResponsible(policy, 'SH01', 'operations', shanghai('2026-11-23T10:00:00'))).toThrow(NoResponsiblePerson);
    expect(() => assignResponsible(seed, 'SH01', 'canteen', shanghai('2026-11-23T10:00:00'))).toThrow(NoResponsiblePerson);
  });

  it('counts an overnight shift for the day it starts', () => {
    const fridayNight = { staffId: 'x', days: ['fri' as const], from: '22:00', to: '06:00' };
    expect(shiftCovers(fridayNight, 'fri', 23 * 60)).toBe(true);
    expect(shiftCovers(fridayNight, 'sat', 3 * 60)).toBe(true);
    expect(shiftCovers(fridayNight, 'fri', 3 * 60)).toBe(false);
    expect(shiftCovers(fridayNight, 'sat', 6 * 60)).toBe(false);
  });
});

describe('settings per mall', () => {
  it('lays the mall settings over the group ones', () => {
    expect(settingsFor(seed, 'GZ01').collective).toEqual({ windowMinutes: 180, minDistinctTenants: 5 });
    expect(settingsFor(seed, 'SH01').collective).toEqual({ windowMinutes: 120, minDistinctTenants: 5 });
    expect(settingsFor(seed, 'SH01').severity).toBe(seed.severity);
    expect(settingsFor(seed, 'SH01').severity.channels).toEqual([
      { channel: 'government-referral', severity: 'critical' },
      { channel: 'media', severity: 'critical' },
    ]);
  });
});

describe('the policy in force at an instant', () => {
  const version = (revision: number, effectiveFrom: string): GroupPolicy => ({ ...seed, revision, version: `sample-group-r${revision}`, effectiveFrom });
  const history = [version(1, '2026-01-01T00:00:00.000Z'), version(3, '2026-09-01T00:00:00.000Z'), version(2, '2026-06-01T00:00:00.000Z')];

  it('is the highest revision already in force', () => {
    expect(policyAt(history, '2026-07-01T00:00:00.000Z').revision).toBe(2);
    expect(policyAt(history, new Date('2026-09-01T00:00:00.000Z')).revision).toBe(3);
    expect(policyAt(history, '2026-03-01T00:00:00.000Z').revision).toBe(1);
  });

  it('is the oldest one for an instant before every version, and a scheduled one is not in force yet', () => {
    expect(policyAt(history, '2025-12-01T00:00:00.000Z').revision).toBe(1);
    const scheduled = [...history, version(4, '2027-01-01T00:00:00.000Z')];
    expect(policyAt(scheduled, '2026-12-31T23:59:59.000Z').revision).toBe(3);
    expect(latestRevision(scheduled).revision).toBe(4);
  });

  it('needs at least one version', () => {
    expect(() => policyAt([], new Date())).toThrow();
  });
});

describe('validating a policy', () => {
  const fields = (policy: GroupPolicy) => validateGroupPolicy(policy).map((problem) => problem.field);

  it('rejects a roster or manager naming someone of another department or mall', () => {
    const policy = copy();
    const operations = mallOf(policy, 'SH01').departments[0];
    operations.roster[0].staffId = 'sh01-engineering-1';
    operations.managerStaffId = 'bj01-operations-mgr';
    expect(fields(policy)).toEqual(['malls.0.departments.0.managerStaffId', 'malls.0.departments.0.roster.0.staffId']);
  });

  it('rejects routing to a department the mall does not have, and categories left unrouted', () => {
    const policy = copy();
    mallOf(policy, 'SH02').routing = { handlingDepartmentRules: [{ id: 'to-canteen', categories: ['product-quality'], departmentId: 'canteen' }] };
    const problems = validateGroupPolicy(policy);
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'malls.1.routing.handlingDepartmentRules.0.departmentId', messages: ['department canteen does not exist'] },
        { field: 'malls.1.routing.handlingDepartmentRules', messages: [expect.stringContaining('no handling department for service-attitude')] },
      ]),
    );
  });

  it('rejects a mall without a department the group table needs', () => {
    const policy = copy();
    mallOf(policy, 'BJ01').departments = mallOf(policy, 'BJ01').departments.filter((department) => department.id !== 'engineering');
    policy.staff = policy.staff.filter((member) => !(member.mallId === 'BJ01' && member.departmentId === 'engineering'));
    expect(validateGroupPolicy(policy)).toEqual([{ field: 'malls.2.departments', messages: ["the group's routing rule route-engineering needs department engineering"] }]);
  });

  it('rejects bad settings, times, time zones, roles and references', () => {
    const policy = copy();
    policy.collective = { windowMinutes: 0, minDistinctTenants: 1 };
    policy.severity = { ...policy.severity, repeatCountForMajor: 1 };
    const sh01 = mallOf(policy, 'SH01');
    sh01.timeZone = 'Mars/Olympus';
    sh01.departments[1].roster[0].from = '25:00';
    policy.staff.push({ id: 'ghost', name: '幽灵', roles: ['wizard' as never], mallId: 'XX99', departmentId: 'operations', active: true });
    policy.staff.push({ ...policy.staff[0] });
    expect(fields(policy)).toEqual(
      expect.arrayContaining([
        'collective.windowMinutes',
        'collective.minDistinctTenants',
        'severity.repeatCountForMajor',
        'malls.0.timeZone',
        'malls.0.departments.1.roster.0.from',
        `staff.${policy.staff.length - 2}.roles`,
        `staff.${policy.staff.length - 2}.mallId`,
        `staff.${policy.staff.length - 2}.departmentId`,
        `staff.${policy.staff.length - 1}.id`,
      ]),
    );
  });
});
