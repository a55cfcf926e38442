import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/** callback: the resolved case is due a callback by the owning department's customer service (DOMAIN §8). */
export class CallbackScheduledV1 {
  @IsNonEmptyString()
  owningDepartmentId!: string;

  @IsInstant()
  dueAt!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CallbackScheduled = DomainEvent<'CallbackScheduled', CallbackScheduledV1>;
