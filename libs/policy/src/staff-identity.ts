import { ROLES, type Role } from '@mallcare/contracts';
import type { GroupPolicy } from './group-policy';
import { findStaffMember } from './malls';

/** Who is asking, as a verified token says. `mallId` null: HQ staff, who see every mall. */
export interface Identity {
  staffId: string;
  name: string;
  roles: Role[];
  mallId: string | null;
  departmentId: string | null;
}

export const canAccessMall = (identity: Identity, mallId: string): boolean => identity.mallId === null || identity.mallId === mallId;

export const hasAnyRole = (identity: Identity, roles: readonly Role[]): boolean => roles.some((role) => identity.roles.includes(role));

/** The identity a token carries for an active staff member of the policy, or undefined. */
export const identityOfStaff = (policy: GroupPolicy, staffId: string): Identity | undefined => {
  const member = findStaffMember(policy, staffId);
  if (!member || !member.active) return undefined;
  return { staffId: member.id, name: member.name, roles: [...member.roles], mallId: member.mallId, departmentId: member.departmentId };
};

const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
const isNullableId = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.length > 0);

/** The identity in a verified token's claims, or null when they are not a well-formed staff identity. */
export const identityFromClaims = (claims: Record<string, unknown>): Identity | null => {
  const { sub, name, roles, mallId, departmentId } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || typeof name !== 'string') return null;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) return null;
  if (!isNullableId(mallId) || !isNullableId(departmentId)) return null;
  return { staffId: sub, name, roles, mallId: (mallId as string | null | undefined) ?? null, departmentId: (departmentId as string | null | undefined) ?? null };
};

export const claimsOfIdentity = (identity: Identity): Record<string, unknown> => ({
  sub: identity.staffId,
  name: identity.name,
  roles: identity.roles,
  mallId: identity.mallId,
  departmentId: identity.departmentId,
});
