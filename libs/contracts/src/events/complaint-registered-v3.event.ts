import { IsBoolean, IsOptional } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { ComplaintRegisteredV2 } from './complaint-registered-v2.event';

/**
 * intake: a front desk registered what a customer or tenant raised (version 3): version 2 plus
 * whether the desk stated that the tenant's business is affected (DOMAIN §6, 000 §4.6.1), which
 * starts the 1-hour clock. Absent: not stated (every version-2 registration).
 */
export class ComplaintRegisteredV3 extends ComplaintRegisteredV2 {
  @IsOptional()
  @IsBoolean()
  businessAffected?: boolean;
}

/** Version 2 never said: the business-affected fact stays unknown. */
export const upcastComplaintRegisteredV2 = (v2: ComplaintRegisteredV2): ComplaintRegisteredV3 => ({ ...v2 });

export type ComplaintRegistered = DomainEvent<'ComplaintRegistered', ComplaintRegisteredV3>;
