import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: the case was routed wrongly and moved to another handling department (a CaseAssigned follows). */
export class CaseTransferredV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  fromDepartmentId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  toDepartmentId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
export type CaseTransferred = DomainEvent<'CaseTransferred', CaseTransferredV1>;
