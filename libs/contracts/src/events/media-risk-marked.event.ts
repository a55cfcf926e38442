import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: the case may reach the media; the mall GM and marketing are to be told at once for crisis PR (DOMAIN §6). */
export class MediaRiskMarkedV1 {
  @IsNonEmptyString(2000)
  reason!: string;
}
export type MediaRiskMarked = DomainEvent<'MediaRiskMarked', MediaRiskMarkedV1>;
