import type { GroupPolicy, MallDepartment, MallPolicy, StaffMember } from './group-policy';

export const findMall = (policy: GroupPolicy, mallId: string): MallPolicy | undefined => policy.malls.find((mall) => mall.id === mallId);

export const findDepartment = (policy: GroupPolicy, mallId: string, departmentId: string): MallDepartment | undefined =>
  findMall(policy, mallId)?.departments.find((department) => department.id === departmentId);

export const findStaffMember = (policy: GroupPolicy, staffId: string): StaffMember | undefined => policy.staff.find((member) => member.id === staffId);

/** A mall's own staff (HQ staff, with no mall, are not listed). */
export const staffOfMall = (policy: GroupPolicy, mallId: string, departmentId?: string): StaffMember[] =>
  policy.staff.filter((member) => member.mallId === mallId && (departmentId === undefined || member.departmentId === departmentId));

/** The mall's time zone, or the group's for a mall the policy does not know. */
export const timeZoneOf = (policy: GroupPolicy, mallId: string): string => findMall(policy, mallId)?.timeZone ?? policy.timeZone;
