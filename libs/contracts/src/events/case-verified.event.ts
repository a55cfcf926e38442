import { IsIn } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { VALIDITIES, type Validity } from '../case-vocabulary';
import { IsNonEmptyString } from './field-rules';

/** routing: the facts were checked: valid (about the company's own services) or invalid, and why (DOMAIN §4). */
export class CaseVerifiedV1 {
  @IsIn(VALIDITIES)
  validity!: Validity;

  @IsNonEmptyString(2000)
  reason!: string;
}
export type CaseVerified = DomainEvent<'CaseVerified', CaseVerifiedV1>;
