import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUEUE_CLOCK_STATES, QUEUE_GRADES, type QueueClockState, type QueueGrade } from '../case-clocks';

/** OpenAPI shapes of a work queue page (the service returns plain objects of these shapes). */
export class WorkQueueClockDto {
  @ApiProperty({ example: 'resolve-general#1' })
  clockId!: string;

  @ApiProperty({ description: 'The policy clock: forward-to-responsible, first-reply, resolve-general, callback, …', example: 'resolve-general' })
  kind!: string;

  @ApiProperty({ enum: QUEUE_CLOCK_STATES })
  state!: QueueClockState;

  @ApiProperty({ format: 'date-time', description: 'The deadline sla-monitor holds the case to (its official calendar, 调休, closures, pauses, policy changes)' })
  deadline!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The policy’s warning point (first warnAtPercent); null when the policy sets none' })
  warningAt!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why it is paused, when it is' })
  pausedReason!: string | null;
}

export class WorkQueueItemDto {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ nullable: true, type: String }) caseNumber!: string | null;
  @ApiProperty() mallId!: string;
  @ApiProperty({ nullable: true, type: String }) kind!: string | null;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ nullable: true, type: String }) channel!: string | null;
  @ApiProperty({ nullable: true, type: String }) complainantType!: string | null;
  @ApiProperty() written!: boolean;
  @ApiProperty() collective!: boolean;
  @ApiProperty({ nullable: true, type: String }) memberOfCollectiveId!: string | null;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) severity!: string | null;
  @ApiProperty({ nullable: true, type: String }) validity!: string | null;
  @ApiProperty({ nullable: true, type: String }) responsibility!: string | null;
  @ApiProperty({ nullable: true, type: String }) owningDepartmentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) handlingDepartmentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeStaffId!: string | null;
  @ApiProperty({ type: [String] }) assistingDepartmentIds!: string[];
  @ApiProperty() mediaRisk!: boolean;
  @ApiProperty() repeatCount!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) receivedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Same as nearestDeadline (the first queue’s name)' }) dueAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The nearest deadline of a running (or breached, unmet) clock' }) nearestDeadline!: string | null;
  @ApiProperty({ description: 'nearestDeadline has passed' }) overdue!: boolean;
  @ApiProperty({ enum: QUEUE_GRADES, description: 'breached: a clock past its deadline unmet; at-risk: a running clock past the policy’s warning point; paused: a clock paused and none at risk; else normal' })
  grade!: QueueGrade;
  @ApiProperty({ type: [WorkQueueClockDto], description: 'Every clock of the case (met ones too), as sla-monitor holds them' }) clocks!: WorkQueueClockDto[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** What every page of a queue says of the whole. */
abstract class QueuePagingDto {
  @ApiProperty({ description: 'All rows matching the filters (no cap): page through them with limit/offset' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ nullable: true, type: Number }) nextOffset!: number | null;
}

export class WorkQueuePageDto extends QueuePagingDto {
  @ApiProperty({ type: [WorkQueueItemDto] }) items!: WorkQueueItemDto[];
}

/** An open clock of a queue row: what its countdown grades. */
export class WorkQueueRowClockDto {
  @ApiProperty({ description: 'The policy clock: forward-to-responsible, first-reply, resolve-general, callback, …', example: 'resolve-general' })
  kind!: string;

  @ApiProperty({ enum: QUEUE_CLOCK_STATES.filter((state) => state !== 'met') })
  state!: QueueClockState;

  @ApiProperty({ format: 'date-time', description: 'The deadline sla-monitor holds the case to' })
  deadline!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The policy’s warning point (first warnAtPercent); absent when the policy sets none' })
  warningAt?: string;

  @ApiPropertyOptional({ description: 'Why it is paused, when it is' })
  pausedReason?: string;
}

/** A row of a work queue view: what the row shows, nothing more (the case and all its clocks are read on hover or open). */
export class WorkQueueRowDto {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ nullable: true, type: String }) caseNumber!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) severity!: string | null;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeStaffId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The description’s first 60 characters' }) summary!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) receivedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The nearest deadline of a running (or breached, unmet) clock: the queue’s order' }) nearestDeadline!: string | null;
  @ApiProperty({ type: [WorkQueueRowClockDto], description: 'The clocks not met, by deadline' }) clocks!: WorkQueueRowClockDto[];
}

export class WorkQueueRowPageDto extends QueuePagingDto {
  @ApiProperty({ type: [WorkQueueRowDto] }) items!: WorkQueueRowDto[];
}
