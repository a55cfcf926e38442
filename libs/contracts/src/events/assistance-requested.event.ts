import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: the handling department asked another department of the mall to help; the case enters that department's queue. */
export class AssistanceRequestedV1 {
  @IsNonEmptyString(64)
  departmentId!: string;

  @IsNonEmptyString(64)
  requestedByDepartmentId!: string;

  @IsNonEmptyString(2000)
  reason!: string;
}
export type AssistanceRequested = DomainEvent<'AssistanceRequested', AssistanceRequestedV1>;
