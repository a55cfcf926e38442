import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@mallcare/platform';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const DUE_FILTERS = ['today', 'overdue'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

const MALL_ID = /^[A-Z0-9]{2,8}$/;

/** The callback desk's queue (a mall's staff see their mall; HQ every mall, or one by mallId). */
export class CallbackQueueQueryDto extends PageQuery {
  @ApiPropertyOptional({ example: 'SH01' })
  @IsOptional()
  @Matches(MALL_ID, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;

  @ApiPropertyOptional({ enum: DUE_FILTERS, description: '`today`: due by the end of today in the mall’s time zone, not yet overdue; `overdue`: past due' })
  @IsOptional()
  @IsIn(DUE_FILTERS)
  due?: DueFilter;

  @ApiPropertyOptional({ description: 'The owning department', example: 'operations' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  departmentId?: string;
}

export class DueCallbacksQuery {
  @ApiPropertyOptional({ example: 'SH01' })
  @IsOptional()
  @Matches(MALL_ID, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;
}
