import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import type { SlaClockStartedV1 } from './sla-clock-started.event';
import { IsInstant, IsInstantList, IsNestedObject, IsNonEmptyString } from './field-rules';

/** Whether a working-day deadline rests on the bundled official schedule or fell back to Monday–Friday. */
export class CalendarCoverageV1 {
  @IsIn(['official', 'weekday-fallback'])
  status!: 'official' | 'weekday-fallback';

  /** Years without a bundled holiday notice that the deadline crossed. */
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  uncoveredYears?: number[];
}

/** sla-monitor: a time limit of DOMAIN §6 started (version 2: its calendar coverage, warning points, whose deadline). */
export class SlaClockStartedV2 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  /** The instant counted from: the case's receivedAt for most clocks (may be before the event). */
  @IsInstant()
  startedAt!: string;

  @IsInstant()
  dueAt!: string;

  @IsInt()
  @Min(1)
  targetMinutes!: number;

  @IsNonEmptyString()
  policyVersion!: string;

  @IsNestedObject(() => CalendarCoverageV1)
  calendarCoverage!: CalendarCoverageV1;

  /** When the holder is warned. */
  @IsInstantList(10)
  warnAt!: string[];

  /** The customer's requested deadline was sooner than the policy's and became the due time. */
  @IsBoolean()
  byCustomerDeadline!: boolean;
}

export const upcastSlaClockStartedV1 = (v1: SlaClockStartedV1): SlaClockStartedV2 => ({
  ...v1,
  calendarCoverage: { status: 'official' },
  warnAt: [],
  byCustomerDeadline: false,
});

export type SlaClockStarted = DomainEvent<'SlaClockStarted', SlaClockStartedV2>;
