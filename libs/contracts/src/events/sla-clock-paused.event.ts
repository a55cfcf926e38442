import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/** sla-monitor: a clock stopped for a stated reason (waiting for the customer or an outside party). */
export class SlaClockPausedV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  @IsNonEmptyString(500)
  reason!: string;

  @IsInstant()
  pausedAt!: string;

  /** Staff id of who paused it. */
  @IsNonEmptyString()
  pausedBy!: string;
}
export type SlaClockPaused = DomainEvent<'SlaClockPaused', SlaClockPausedV1>;
