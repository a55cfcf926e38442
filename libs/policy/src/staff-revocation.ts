import type { GroupPolicy } from './group-policy';

/**
 * When a staff member's record (active, roles, mall, department, name) last changed in the policy
 * history in force at `now`, or null if it never did. A token issued before that carries what no
 * longer holds — a member disabled and enabled again, a role taken away — so the guard refuses it.
 */
/** The record as text with its keys in order: a version read back from jsonb has them reordered, which is no change. */
const recordText = (member: GroupPolicy['staff'][number] | undefined): string =>
  JSON.stringify(member ?? null, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );

export const staffRecordChangedAt = (versions: readonly GroupPolicy[], staffId: string, now: Date): Date | null => {
  const inForce = versions.filter((version) => new Date(version.effectiveFrom).getTime() <= now.getTime()).sort((a, b) => a.revision - b.revision);
  let changedAt: Date | null = null;
  let previous: string | undefined;
  for (const version of inForce) {
    const record = recordText(version.staff.find((member) => member.id === staffId));
    if (previous !== undefined && record !== previous) changedAt = new Date(version.effectiveFrom);
    previous = record;
  }
  return changedAt;
};
