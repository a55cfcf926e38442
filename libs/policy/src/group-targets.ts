import { Share } from './policy-schema.decorators';

/**
 * The group-wide targets (docs/domain.md §6, 001 §1 and §10) as shares between 0 and 1, checked by
 * analytics per mall and for the group. A policy without `targets` holds the procedures' values.
 */
export class GroupTargets {
  @Share({ description: 'First reply within 24 h of receipt, a share (0.95 = 95 %)' })
  responseWithin24h!: number;

  @Share({ description: 'Closure rate, a share' })
  closureRate!: number;

  /** Shown beside the closure rate; missing it is not counted as a missed target. */
  @Share({ description: 'Closure rate stretch target (shown, not counted as missed; not below closureRate)' })
  closureRateStretch!: number;

  @Share({ description: 'Satisfaction rate, a share' })
  satisfactionRate!: number;

  @Share({ description: 'Data completeness, a share' })
  dataCompleteness!: number;
}

export const GROUP_TARGET_KEYS = ['responseWithin24h', 'closureRate', 'closureRateStretch', 'satisfactionRate', 'dataCompleteness'] as const satisfies readonly (keyof GroupTargets)[];

export const DEFAULT_GROUP_TARGETS: GroupTargets = { responseWithin24h: 0.95, closureRate: 0.95, closureRateStretch: 0.98, satisfactionRate: 0.9, dataCompleteness: 1 };

export const targetsOf = (policy: { targets?: Partial<GroupTargets> }): GroupTargets => ({ ...DEFAULT_GROUP_TARGETS, ...policy.targets });
