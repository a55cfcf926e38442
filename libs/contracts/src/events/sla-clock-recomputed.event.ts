import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsNotEmpty, IsObject, IsString, ValidateNested } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { CalendarCoverageV1 } from './sla-clock-started-v2.event';

/** sla-monitor: a policy change took effect for an open clock; its deadline was recomputed from the clock's own events. */
export class SlaClockRecomputedV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsString()
  @IsNotEmpty()
  clockKind!: string;

  @IsISO8601({ strict: true })
  previousDueAt!: string;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsArray()
  @ArrayMaxSize(10)
  @IsISO8601({ strict: true }, { each: true })
  warnAt!: string[];

  @IsString()
  @IsNotEmpty()
  previousPolicyVersion!: string;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CalendarCoverageV1)
  calendarCoverage!: CalendarCoverageV1;

  @IsISO8601({ strict: true })
  recomputedAt!: string;
}
export type SlaClockRecomputed = DomainEvent<'SlaClockRecomputed', SlaClockRecomputedV1>;
