import { IsBoolean, IsISO8601, IsNotEmpty, IsString } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** sla-monitor: what the clock waited for happened; `withinTarget` says whether it was on time. */
export class SlaClockMetV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsString()
  @IsNotEmpty()
  clockKind!: string;

  @IsISO8601({ strict: true })
  metAt!: string;

  @IsBoolean()
  withinTarget!: boolean;
}
export type SlaClockMet = DomainEvent<'SlaClockMet', SlaClockMetV1>;
