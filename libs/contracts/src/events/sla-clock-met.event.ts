import { IsBoolean } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/** sla-monitor: what the clock waited for happened; `withinTarget` says whether it was on time. */
export class SlaClockMetV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  @IsInstant()
  metAt!: string;

  @IsBoolean()
  withinTarget!: boolean;
}
export type SlaClockMet = DomainEvent<'SlaClockMet', SlaClockMetV1>;
