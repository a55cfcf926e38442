import { IsIn } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { OUTSIDE_PARTY_KINDS, type OutsidePartyKind } from '../case-vocabulary';
import { IsNonEmptyString } from './field-rules';

/** routing: for an assist case, the outside party the mall passed it to and coordinates with (DOMAIN §5). An organisation, not a person. */
export class OutsidePartyRecordedV1 {
  @IsNonEmptyString(200)
  name!: string;

  @IsIn(OUTSIDE_PARTY_KINDS)
  partyKind!: OutsidePartyKind;

  @IsNonEmptyString(2000)
  askedFor!: string;
}
export type OutsidePartyRecorded = DomainEvent<'OutsidePartyRecorded', OutsidePartyRecordedV1>;
