import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

export const NOTIFIED_RUNGS = ['handler', 'department-manager', 'director', 'mall-gm', 'group-hq', 'marketing'] as const;
export type NotifiedRung = (typeof NOTIFIED_RUNGS)[number];

/** Who was told: the rung and the staff member who holds it (null when the mall has nobody in that role). */
export class NotifiedPersonV1 {
  @IsIn(NOTIFIED_RUNGS)
  rung!: NotifiedRung;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  staffId!: string | null;

  @IsOptional()
  @IsString()
  departmentId?: string;
}

/** sla-monitor: a clock nears its target; the holder is warned (DOMAIN §7). */
export class SlaClockWarnedV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsString()
  @IsNotEmpty()
  clockKind!: string;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsISO8601({ strict: true })
  warnedAt!: string;

  /** Share of the target that had passed. */
  @IsInt()
  @Min(1)
  @Max(99)
  percent!: number;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NotifiedPersonV1)
  notified!: NotifiedPersonV1[];

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
export type SlaClockWarned = DomainEvent<'SlaClockWarned', SlaClockWarnedV1>;
