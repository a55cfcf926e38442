import { ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, type Category } from '@mallcare/contracts';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { QueueFilterQuery } from '../../cases/dto/case-queue-query.dto';

/** Filters of a work queue view (`GET /cases/queues/…`): open cases unless a status is given. */
export class WorkQueueQueryDto extends QueueFilterQuery {
  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({
    description: 'The department view: the caller’s own department unless given (required for staff of no department: director, GM, HQ); unassigned: narrows to one department',
    example: 'engineering',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'departmentId must be a department id such as engineering' })
  departmentId?: string;
}
