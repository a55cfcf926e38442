import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: the case was routed wrongly and moved to another handling department (a CaseAssigned follows). */
export class CaseTransferredV1 {
  @IsNonEmptyString(64)
  fromDepartmentId!: string;

  @IsNonEmptyString(64)
  toDepartmentId!: string;

  @IsNonEmptyString(2000)
  reason!: string;
}
export type CaseTransferred = DomainEvent<'CaseTransferred', CaseTransferredV1>;
