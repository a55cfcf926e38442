import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/** sla-monitor: a clock passed its target unmet; an SlaEscalated to the first rung follows in the same append. */
export class SlaClockBreachedV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  @IsInstant()
  dueAt!: string;

  @IsInstant()
  breachedAt!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type SlaClockBreached = DomainEvent<'SlaClockBreached', SlaClockBreachedV1>;
