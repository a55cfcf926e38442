import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: the handling department resolved the case; the owning department calls the customer back. */
export class CaseResolvedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  actionTaken!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  customerToldWhat!: string;

  @IsString()
  @IsNotEmpty()
  owningDepartmentId!: string;

  @IsString()
  @IsNotEmpty()
  handlingDepartmentId!: string;
}
export type CaseResolved = DomainEvent<'CaseResolved', CaseResolvedV1>;
