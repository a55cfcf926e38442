import { IsInt, IsISO8601, IsNotEmpty, IsString, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** sla-monitor: a paused clock runs again; its deadline (and warnings) moved by the paused time. */
export class SlaClockResumedV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsString()
  @IsNotEmpty()
  clockKind!: string;

  @IsISO8601({ strict: true })
  resumedAt!: string;

  @IsInt()
  @Min(0)
  pausedMs!: number;

  @IsISO8601({ strict: true })
  previousDueAt!: string;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsString()
  @IsNotEmpty()
  resumedBy!: string;
}
export type SlaClockResumed = DomainEvent<'SlaClockResumed', SlaClockResumedV1>;
