import { SAMPLE_GROUP_POLICY, type GroupPolicy } from './group-policy';
import { staffRecordChangedAt } from './staff-revocation';

const version = (revision: number, effectiveFrom: string, change: (member: GroupPolicy['staff'][number]) => GroupPolicy['staff'][number]): GroupPolicy => ({
  ...SAMPLE_GROUP_POLICY,
  revision,
  version: `sample-group-r${revision}`,
  effectiveFrom,
  staff: SAMPLE_GROUP_POLICY.staff.map((member) => (member.id === 'sh01-desk-1' ? change(member) : member)),
});

describe('when a staff member’s record last changed', () => {
  const seed = SAMPLE_GROUP_POLICY;
  const renamed = version(2, '2026-12-01T00:00:00.000Z', (member) => ({ ...member, name: '廖娟娟' }));
  const scheduled = version(3, '2027-01-01T00:00:00.000Z', (member) => ({ ...member, roles: ['department-handler'] }));
  const now = new Date('2026-12-02T00:00:00.000Z');

  it('is the effective time of the last version that changed their record, among those in force', () => {
    expect(staffRecordChangedAt([seed], 'sh01-desk-1', now)).toBeNull();
    expect(staffRecordChangedAt([seed, renamed, scheduled], 'sh01-desk-1', now)).toEqual(new Date('2026-12-01T00:00:00.000Z'));
    expect(staffRecordChangedAt([seed, renamed, scheduled], 'sh01-desk-1', new Date('2027-02-01T00:00:00.000Z'))).toEqual(new Date('2027-01-01T00:00:00.000Z'));
  });

  it('ignores versions that changed someone else', () => {
    expect(staffRecordChangedAt([seed, renamed], 'sh01-gm', now)).toBeNull();
  });

  it('is no change when a version read back from the database has the record’s keys in another order', () => {
    const reordered = version(2, '2026-12-01T00:00:00.000Z', (member) => Object.fromEntries(Object.entries(member).reverse()) as GroupPolicy['staff'][number]);
    expect(staffRecordChangedAt([seed, reordered], 'sh01-desk-1', now)).toBeNull();
  });
});
