import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: the handling department took the case on (the actor is the person who accepted it). */
export class CaseAcceptedV1 {
  @IsNonEmptyString(64)
  departmentId!: string;
}
export type CaseAccepted = DomainEvent<'CaseAccepted', CaseAcceptedV1>;
