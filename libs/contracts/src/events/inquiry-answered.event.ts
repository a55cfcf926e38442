import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/**
 * intake: an inquiry was answered at the desk and thereby closed, in the same append as its
 * registration (DOMAIN §3: answered on the spot and closed, still counted). Nothing is routed.
 */
export class InquiryAnsweredV1 {
  @IsNonEmptyString(4000)
  answer!: string;

  /** Staff id of who answered. */
  @IsNonEmptyString(64)
  answeredBy!: string;
}
export type InquiryAnswered = DomainEvent<'InquiryAnswered', InquiryAnsweredV1>;
