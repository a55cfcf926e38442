import { IsUUID } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/**
 * intake, on each affected complaint's stream: the person's data key and blind index were destroyed
 * on request (DOMAIN §10), so their name and contact are unreadable everywhere. The case, its counts
 * and its timeline stay as they were.
 */
export class PersonalDataErasedV1 {
  @IsUUID()
  subjectId!: string;

  /** Staff id of who carried out the request. */
  @IsNonEmptyString(64)
  erasedBy!: string;
}
export type PersonalDataErased = DomainEvent<'PersonalDataErased', PersonalDataErasedV1>;
