import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { SATISFACTION_LEVELS, type SatisfactionLevel } from '../callback-vocabulary';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/**
 * callback: the customer was not satisfied, or the matter is not really solved: routing reopens the
 * case with its handling department (DOMAIN §8), `reason` carrying the callback's notes.
 */
export class CaseReopenRequestedV1 {
  @IsNonEmptyString(2000)
  reason!: string;

  @IsIn(SATISFACTION_LEVELS)
  satisfaction!: SatisfactionLevel;

  @IsBoolean()
  solved!: boolean;

  @IsOptional()
  @IsBoolean()
  tenantConfirmed?: boolean;
}
export type CaseReopenRequested = DomainEvent<'CaseReopenRequested', CaseReopenRequestedV1>;
