import { IsISO8601, IsNotEmpty, IsString } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** sla-monitor: a clock passed its target unmet; an SlaEscalated to the first rung follows in the same append. */
export class SlaClockBreachedV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsString()
  @IsNotEmpty()
  clockKind!: string;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsISO8601({ strict: true })
  breachedAt!: string;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
export type SlaClockBreached = DomainEvent<'SlaClockBreached', SlaClockBreachedV1>;
