import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: the handling department proposed how to settle the case. */
export class ResolutionProposedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  proposal!: string;
}
export type ResolutionProposed = DomainEvent<'ResolutionProposed', ResolutionProposedV1>;
