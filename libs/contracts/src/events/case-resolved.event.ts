import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: the handling department resolved the case; the owning department calls the customer back. */
export class CaseResolvedV1 {
  @IsNonEmptyString(4000)
  actionTaken!: string;

  @IsNonEmptyString(4000)
  customerToldWhat!: string;

  @IsNonEmptyString()
  owningDepartmentId!: string;

  @IsNonEmptyString()
  handlingDepartmentId!: string;
}
export type CaseResolved = DomainEvent<'CaseResolved', CaseResolvedV1>;
