import { ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, CHANNELS, COMPLAINT_KINDS, type Category, type Channel, type ComplaintKind } from '@mallcare/contracts';
import { PageQuery } from '@mallcare/platform';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';

export const CASE_STATUSES = ['open', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export class ListComplaintsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'SH01', description: 'A mall’s staff see only their own mall' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/)
  mallId?: string;

  @ApiPropertyOptional({ enum: COMPLAINT_KINDS })
  @IsOptional()
  @IsIn(COMPLAINT_KINDS)
  kind?: ComplaintKind;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'Only those recorded by this staff member (a desk’s own registrations)', example: 'sh01-desk-1' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'recordedBy must be a staff id such as sh01-desk-1' })
  recordedBy?: string;

  @ApiPropertyOptional({ description: 'Only collective cases (true) or only ordinary ones (false)' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  collective?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'receivedAt at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'receivedAt before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

}

