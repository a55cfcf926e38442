import { IsIn, IsOptional } from 'class-validator';
import { CLOSING_REASONS, SATISFACTION_LEVELS, type ClosingReason, type SatisfactionLevel } from '../callback-vocabulary';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** callback: the loop is closed (DOMAIN §8): only a callback outcome closes a case. */
export class CaseClosedV1 {
  @IsIn(CLOSING_REASONS)
  closedBecause!: ClosingReason;

  /** The customer's rating when closed as satisfied. */
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  satisfaction?: SatisfactionLevel;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CaseClosed = DomainEvent<'CaseClosed', CaseClosedV1>;
