import { IsInt, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/** sla-monitor: a paused clock runs again; its deadline (and warnings) moved by the paused time. */
export class SlaClockResumedV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  @IsInstant()
  resumedAt!: string;

  @IsInt()
  @Min(0)
  pausedMs!: number;

  @IsInstant()
  previousDueAt!: string;

  @IsInstant()
  dueAt!: string;

  @IsNonEmptyString()
  resumedBy!: string;
}
export type SlaClockResumed = DomainEvent<'SlaClockResumed', SlaClockResumedV1>;
