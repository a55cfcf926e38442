import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { CALLBACK_METHODS, type CallbackMethod } from '../callback-vocabulary';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** callback: someone tried to reach the customer for the callback (DOMAIN §8), reached or not. */
export class CallbackAttemptRecordedV1 {
  @IsIn(CALLBACK_METHODS)
  method!: CallbackMethod;

  @IsBoolean()
  reached!: boolean;

  /** The attempt's number within this callback (a new resolution starts again at 1). */
  @IsInt()
  @Min(1)
  attempt!: number;

  @IsOptional()
  @IsNonEmptyString(4000)
  notes?: string;
}
export type CallbackAttemptRecorded = DomainEvent<'CallbackAttemptRecorded', CallbackAttemptRecordedV1>;
