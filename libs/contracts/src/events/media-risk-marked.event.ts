import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: the case may reach the media; the mall GM and marketing are to be told at once for crisis PR (DOMAIN §6). */
export class MediaRiskMarkedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
export type MediaRiskMarked = DomainEvent<'MediaRiskMarked', MediaRiskMarkedV1>;
