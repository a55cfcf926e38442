import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: the handling department proposed how to settle the case. */
export class ResolutionProposedV1 {
  @IsNonEmptyString(4000)
  proposal!: string;
}
export type ResolutionProposed = DomainEvent<'ResolutionProposed', ResolutionProposedV1>;
