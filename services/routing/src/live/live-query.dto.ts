import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class LiveQueryDto {
  @ApiPropertyOptional({ description: 'HQ: one mall’s changes only; a mall’s staff always get their own mall’s (another mall: 403)', example: 'SH01' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'mallId must be a mall id such as SH01' })
  mallId?: string;
}
