import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: a resolved case was opened again (e.g. the customer was not satisfied at callback, DOMAIN §8). */
export class CaseReopenedV1 {
  @IsNonEmptyString(2000)
  reason!: string;
}
export type CaseReopened = DomainEvent<'CaseReopened', CaseReopenedV1>;
