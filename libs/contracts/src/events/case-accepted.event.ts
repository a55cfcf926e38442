import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: the handling department took the case on (the actor is the person who accepted it). */
export class CaseAcceptedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  departmentId!: string;
}
export type CaseAccepted = DomainEvent<'CaseAccepted', CaseAcceptedV1>;
