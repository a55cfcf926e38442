import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FreeText, PageQuery } from '@mallcare/platform';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ClockStatus } from '../clock.decider';

export const CLOCK_STATES: readonly ClockStatus[] = ['running', 'warned', 'breached', 'paused', 'met', 'upgrade-due'];

/** Clocks by state, mall and department, nearest deadline first (a mall's staff see their own mall). */
export class ClockListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: CLOCK_STATES, description: 'Absent: every clock not yet met' })
  @IsOptional()
  @IsIn(CLOCK_STATES)
  state?: ClockStatus;

  @ApiPropertyOptional({ example: 'SH01' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  mallId?: string;

  @ApiPropertyOptional({ example: 'engineering' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  departmentId?: string;
}

export class PauseClocksDto {
  @ApiProperty({ description: 'Why the clocks stop (DOMAIN §6: waiting for the customer or an outside party)', example: '等待顾客提供购物小票 / waiting for the receipt' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @FreeText()
  reason!: string;
}
