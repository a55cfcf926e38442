import { ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '@mallcare/contracts';
import { PageQuery } from '@mallcare/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { QUEUE_STATUSES, toBoolean, type QueueStatus } from '../../cases/dto/case-queue-query.dto';

/** Filters of a work queue view; the mall is the caller's (HQ: every mall, or one by mallId). */
export class WorkQueueQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: QUEUE_STATUSES, default: 'open', description: '`open` (the default): any status but resolved' })
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: QueueStatus;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'true: only cases whose nearest deadline (held by sla-monitor) has passed; false: only those whose has not' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description: 'The department view: the caller’s own department unless given (required for staff of no department: director, GM, HQ); unassigned: narrows to one department',
    example: 'engineering',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'departmentId must be a department id such as engineering' })
  departmentId?: string;

  @ApiPropertyOptional({ description: 'HQ only; a mall’s staff always see their own mall (another mall: 403)', example: 'SH01' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/)
  mallId?: string;
}
