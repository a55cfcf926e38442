import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNestedList, IsNonEmptyString } from './field-rules';

export const NOTIFIED_RUNGS = ['handler', 'department-manager', 'director', 'mall-gm', 'group-hq', 'marketing'] as const;
export type NotifiedRung = (typeof NOTIFIED_RUNGS)[number];

/** Who was told: the rung and the staff member who holds it (null when the mall has nobody in that role). */
export class NotifiedPersonV1 {
  @IsIn(NOTIFIED_RUNGS)
  rung!: NotifiedRung;

  @IsOptional()
  @IsNonEmptyString()
  staffId!: string | null;

  @IsOptional()
  @IsString()
  departmentId?: string;
}

/** sla-monitor: a clock nears its target; the holder is warned (DOMAIN §7). */
export class SlaClockWarnedV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  @IsInstant()
  dueAt!: string;

  @IsInstant()
  warnedAt!: string;

  /** Share of the target that had passed. */
  @IsInt()
  @Min(1)
  @Max(99)
  percent!: number;

  @IsNestedList(() => NotifiedPersonV1, 50)
  notified!: NotifiedPersonV1[];

  @IsNonEmptyString()
  policyVersion!: string;
}
export type SlaClockWarned = DomainEvent<'SlaClockWarned', SlaClockWarnedV1>;
