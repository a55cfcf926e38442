import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, type ComplaintEventType } from '@mallcare/contracts';
import { LIVE_KINDS, type LiveChange, type LiveKind } from './live-change';

/** The `data` of each `event: change` message on GET /live, for the OpenAPI document (and the generated client). */
export class LiveChangeDto implements LiveChange {
  @ApiProperty({ enum: LIVE_KINDS, description: 'Which lists it touches: complaint, case, clock, callback or notification (an escalation)' })
  kind!: LiveKind;

  @ApiProperty({ enum: EVENT_TYPES, description: 'The event type' })
  type!: ComplaintEventType;

  @ApiProperty({ format: 'uuid' })
  complaintId!: string;

  @ApiProperty({ example: 'SH01' })
  mallId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The case’s handling department when it has one', example: 'engineering' })
  departmentId!: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}
