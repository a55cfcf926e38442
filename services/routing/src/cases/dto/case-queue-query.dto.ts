import { ApiPropertyOptional } from '@nestjs/swagger';
import { SEVERITIES, type Severity } from '@mallcare/contracts';
import { PageQuery } from '@mallcare/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '../case.decider';

export const QUEUE_STATUSES = [...CASE_STATUSES.filter((status) => status !== 'unrouted'), 'open'] as const;
export type QueueStatus = Exclude<CaseStatus, 'unrouted'> | 'open';

export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters of a work queue (DOMAIN §1: a mall's staff see their mall; HQ every mall, or one by mallId). */
export class CaseQueueQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Only cases assigned to me' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Cases this department handles or was asked to help with', example: 'engineering' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  departmentId?: string;

  @ApiPropertyOptional({ description: 'Cases whose nearest deadline held by sla-monitor has passed (true) or not (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: QUEUE_STATUSES, description: '`open`: any status but resolved' })
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: QueueStatus;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'HQ only; a mall’s staff always see their own mall', example: 'SH01' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/)
  mallId?: string;

}
