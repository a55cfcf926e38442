import type { GroupPolicy } from './group-policy';

/**
 * When a staff member's record (active, roles, mall, department, name) last changed in the policy
 * history in force at `now`, or null if it never did. A token issued before that carries what no
 * longer holds — a member disabled and enabled again, a role taken away — so the guard refuses it.
 */
export const staffRecordChangedAt = (versions: readonly GroupPolicy[], staffId: string, now: Date): Date | null => {
  const inForce = versions.filter((version) => new Date(version.effectiveFrom).getTime() <= now.getTime()).sort((a, b) => a.revision - b.revision);
  let changedAt: Date | null = null;
  let previous: string | undefined;
  for (const version of inForce) {
    const record = JSON.stringify(version.staff.find((member) => member.id === staffId) ?? null);
    if (previous !== undefined && record !== previous) changedAt = new Date(version.effectiveFrom);
    previous = record;
  }
  return changedAt;
};
