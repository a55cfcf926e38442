import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: a resolved case was opened again (e.g. the customer was not satisfied at callback, DOMAIN §8). */
export class CaseReopenedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
export type CaseReopened = DomainEvent<'CaseReopened', CaseReopenedV1>;
