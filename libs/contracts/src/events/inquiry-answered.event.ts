import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/**
 * intake: an inquiry was answered at the desk and thereby closed, in the same append as its
 * registration (DOMAIN §3: answered on the spot and closed, still counted). Nothing is routed.
 */
export class InquiryAnsweredV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  answer!: string;

  /** Staff id of who answered. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  answeredBy!: string;
}
export type InquiryAnswered = DomainEvent<'InquiryAnswered', InquiryAnsweredV1>;
