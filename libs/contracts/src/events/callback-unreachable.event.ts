import { IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** callback: the policy's number of failed attempts was reached; counts as called back, not as satisfied. */
export class CallbackUnreachableV1 {
  @IsInt()
  @Min(1)
  failedAttempts!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
export type CallbackUnreachable = DomainEvent<'CallbackUnreachable', CallbackUnreachableV1>;
