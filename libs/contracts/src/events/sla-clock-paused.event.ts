import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** sla-monitor: a clock stopped for a stated reason (waiting for the customer or an outside party). */
export class SlaClockPausedV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsString()
  @IsNotEmpty()
  clockKind!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @IsISO8601({ strict: true })
  pausedAt!: string;

  /** Staff id of who paused it. */
  @IsString()
  @IsNotEmpty()
  pausedBy!: string;
}
export type SlaClockPaused = DomainEvent<'SlaClockPaused', SlaClockPausedV1>;
