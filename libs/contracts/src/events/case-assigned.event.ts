import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { ASSIGNMENT_RULES, type AssignmentRule } from '../case-vocabulary';

/** routing: a responsible person of the handling department holds the case (its duty roster, else its manager). */
export class CaseAssignedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  staffId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  departmentId!: string;

  @IsIn(ASSIGNMENT_RULES)
  rule!: AssignmentRule;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
export type CaseAssigned = DomainEvent<'CaseAssigned', CaseAssignedV1>;
