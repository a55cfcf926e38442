import { IsIn } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: a leader approved the written reply a written complaint needs before it is resolved (DOMAIN §3). */
export class WrittenReplyApprovedV1 {
  @IsNonEmptyString(8000)
  reply!: string;

  @IsIn(['department-manager', 'director', 'mall-gm'])
  approverRole!: 'department-manager' | 'director' | 'mall-gm';
}
export type WrittenReplyApproved = DomainEvent<'WrittenReplyApproved', WrittenReplyApprovedV1>;
