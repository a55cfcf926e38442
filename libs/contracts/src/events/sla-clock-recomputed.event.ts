import type { DomainEvent } from '../event-envelope';
import { CalendarCoverageV1 } from './sla-clock-started-v2.event';
import { IsInstant, IsInstantList, IsNestedObject, IsNonEmptyString } from './field-rules';

/** sla-monitor: a policy change took effect for an open clock; its deadline was recomputed from the clock's own events. */
export class SlaClockRecomputedV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  @IsInstant()
  previousDueAt!: string;

  @IsInstant()
  dueAt!: string;

  @IsInstantList(10)
  warnAt!: string[];

  @IsNonEmptyString()
  previousPolicyVersion!: string;

  @IsNonEmptyString()
  policyVersion!: string;

  @IsNestedObject(() => CalendarCoverageV1)
  calendarCoverage!: CalendarCoverageV1;

  @IsInstant()
  recomputedAt!: string;
}
export type SlaClockRecomputed = DomainEvent<'SlaClockRecomputed', SlaClockRecomputedV1>;
