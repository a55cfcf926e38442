import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: the handling department asked another department of the mall to help; the case enters that department's queue. */
export class AssistanceRequestedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  departmentId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  requestedByDepartmentId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
export type AssistanceRequested = DomainEvent<'AssistanceRequested', AssistanceRequestedV1>;
