import { IsInt, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** callback: the policy's number of failed attempts was reached; counts as called back, not as satisfied. */
export class CallbackUnreachableV1 {
  @IsInt()
  @Min(1)
  failedAttempts!: number;

  @IsNonEmptyString(2000)
  reason!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CallbackUnreachable = DomainEvent<'CallbackUnreachable', CallbackUnreachableV1>;
