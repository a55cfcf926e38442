import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CALLBACK_METHODS, SATISFACTION_LEVELS, type CallbackMethod, type SatisfactionLevel } from '../callback-vocabulary';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/**
 * callback: the customer was reached and said how it went (DOMAIN §8). `satisfied` is the verdict the
 * callback acted on: satisfied or very satisfied, really solved, and confirmed by a tenant.
 */
export class CallbackOutcomeRecordedV1 {
  @IsIn(CALLBACK_METHODS)
  method!: CallbackMethod;

  @IsIn(SATISFACTION_LEVELS)
  satisfaction!: SatisfactionLevel;

  @IsBoolean()
  solved!: boolean;

  /** Tenants (street shops, anchor stores) confirm the result; absent for other complainants. */
  @IsOptional()
  @IsBoolean()
  tenantConfirmed?: boolean;

  @IsOptional()
  @IsNonEmptyString(4000)
  comment?: string;

  @IsBoolean()
  satisfied!: boolean;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CallbackOutcomeRecorded = DomainEvent<'CallbackOutcomeRecorded', CallbackOutcomeRecordedV1>;
