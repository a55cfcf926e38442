import type { FieldError } from '@mallcare/contracts';

/**
 * The group-wide targets (docs/domain.md §6, 001 §1 and §10) as shares between 0 and 1, checked by
 * analytics per mall and for the group. A policy without `targets` holds the procedures' values.
 */
export interface GroupTargets {
  /** First reply within 24 h of receipt. */
  responseWithin24h: number;
  closureRate: number;
  /** Shown beside the closure rate; missing it is not counted as a missed target. */
  closureRateStretch: number;
  satisfactionRate: number;
  dataCompleteness: number;
}

export const GROUP_TARGET_KEYS = ['responseWithin24h', 'closureRate', 'closureRateStretch', 'satisfactionRate', 'dataCompleteness'] as const satisfies readonly (keyof GroupTargets)[];

export const DEFAULT_GROUP_TARGETS: GroupTargets = { responseWithin24h: 0.95, closureRate: 0.95, closureRateStretch: 0.98, satisfactionRate: 0.9, dataCompleteness: 1 };

export const targetsOf = (policy: { targets?: Partial<GroupTargets> }): GroupTargets => ({ ...DEFAULT_GROUP_TARGETS, ...policy.targets });

/** Each target a share in (0, 1]; the stretch closure target not below the closure target. */
export const validateGroupTargets = (targets: unknown, field = 'targets'): FieldError[] => {
  if (typeof targets !== 'object' || targets === null || Array.isArray(targets)) return [{ field, messages: ['must be an object'] }];
  const given = targets as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(given)
    .filter((key) => !(GROUP_TARGET_KEYS as readonly string[]).includes(key))
    .map((key) => ({ field: `${field}.${key}`, messages: [`is not a target (targets: ${GROUP_TARGET_KEYS.join(', ')})`] }));
  for (const key of GROUP_TARGET_KEYS) {
    const value = given[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1)) {
      errors.push({ field: `${field}.${key}`, messages: ['must be a share greater than 0 and at most 1 (0.95 = 95 %)'] });
    }
  }
  const merged = { ...DEFAULT_GROUP_TARGETS, ...(given as Partial<GroupTargets>) };
  if (errors.length === 0 && merged.closureRateStretch < merged.closureRate) {
    errors.push({ field: `${field}.closureRateStretch`, messages: ['must not be below closureRate'] });
  }
  return errors;
};
