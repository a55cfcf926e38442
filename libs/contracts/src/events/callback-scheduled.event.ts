import { IsISO8601, IsNotEmpty, IsString } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** callback: the resolved case is due a callback by the owning department's customer service (DOMAIN §8). */
export class CallbackScheduledV1 {
  @IsString()
  @IsNotEmpty()
  owningDepartmentId!: string;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
export type CallbackScheduled = DomainEvent<'CallbackScheduled', CallbackScheduledV1>;
