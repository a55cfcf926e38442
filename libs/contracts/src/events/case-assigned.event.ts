import { IsIn } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { ASSIGNMENT_RULES, type AssignmentRule } from '../case-vocabulary';
import { IsNonEmptyString } from './field-rules';

/** routing: a responsible person of the handling department holds the case (its duty roster, else its manager). */
export class CaseAssignedV1 {
  @IsNonEmptyString(64)
  staffId!: string;

  @IsNonEmptyString(64)
  departmentId!: string;

  @IsIn(ASSIGNMENT_RULES)
  rule!: AssignmentRule;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CaseAssigned = DomainEvent<'CaseAssigned', CaseAssignedV1>;
