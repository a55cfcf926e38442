import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class IssueTokenDto {
  @ApiProperty({ example: 'sh01-desk-1', description: 'A staff id of the current policy' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'staffId must be lower-case letters, digits or dashes' })
  staffId!: string;
}
