import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;

/** Paging with pages of at most `maxPageSize` rows: a list read whole by its screen (a work queue) allows larger pages. */
export const pageQueryOf = (maxPageSize: number) => {
  class PageQueryOf {
    @ApiPropertyOptional({ default: 50, maximum: maxPageSize })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxPageSize)
    limit?: number;

    @ApiPropertyOptional({ default: 0 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(1_000_000)
    offset?: number;
  }
  return PageQueryOf;
};

/** Paging every list endpoint accepts; list query DTOs extend it with their filters. */
export class PageQuery extends pageQueryOf(MAX_PAGE_SIZE) {}
