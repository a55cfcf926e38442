import { ApiPropertyOptional } from '@nestjs/swagger';
import { SEVERITIES, type Severity } from '@mallcare/contracts';
import { pageQueryOf, QueryBoolean } from '@mallcare/platform';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '../case.decider';

export const QUEUE_STATUSES = [...CASE_STATUSES.filter((status) => status !== 'unrouted'), 'open'] as const;
export type QueueStatus = Exclude<CaseStatus, 'unrouted'> | 'open';

/**
 * A queue's pages may be larger than other lists' (platform MAX_PAGE_SIZE, 200): the console reads a
 * department's whole queue (no cap), and a few large pages cost it far less than many small ones.
 */
export const QUEUE_MAX_PAGE_SIZE = 1000;
export const QUEUE_MAX_COMPLAINT_IDS = 200;

const toList = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.split(',').filter((id) => id !== '') : value);

/** The filters every work queue takes (DOMAIN §1: a mall's staff see their mall; HQ every mall, or one by mallId). */
export class QueueFilterQuery extends pageQueryOf(QUEUE_MAX_PAGE_SIZE) {
  @ApiPropertyOptional({
    description: `Only these cases (comma-separated ids, at most ${QUEUE_MAX_COMPLAINT_IDS}), those of them the view holds: re-reads the rows a live change touched`,
    type: String,
    example: '3f0c5a9e-1b2d-4c8e-9f00-0a1b2c3d4e5f,7d1e…',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(QUEUE_MAX_COMPLAINT_IDS)
  @IsUUID('all', { each: true, message: 'complaintIds must be complaint ids (UUIDs), comma-separated' })
  complaintIds?: string[];

  @ApiPropertyOptional({ description: 'true: only cases whose nearest deadline held by sla-monitor has passed; false: only those whose has not' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: QUEUE_STATUSES, description: '`open`: any status but resolved (the default of the /cases/queues views)' })
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: QueueStatus;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'HQ only; a mall’s staff always see their own mall (another mall: 403)', example: 'SH01' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/)
  mallId?: string;
}

/** Filters of the first work queue, `GET /cases`. */
export class CaseQueueQueryDto extends QueueFilterQuery {
  @ApiPropertyOptional({ description: 'Only cases assigned to me' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Cases this department handles or was asked to help with', example: 'engineering' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  departmentId?: string;
}
