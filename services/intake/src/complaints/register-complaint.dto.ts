import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CATEGORIES,
  CHANNELS,
  COMPLAINANT_TYPES,
  COMPLAINT_KINDS,
  type Category,
  type Channel,
  type ComplainantType,
  type ComplaintKind,
} from '@mallcare/contracts';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RegisterComplaintDto {
  @ApiProperty({ example: 'SH01', description: 'Mall code (2–8 capitals or digits)' })
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ enum: COMPLAINT_KINDS })
  @IsIn(COMPLAINT_KINDS)
  kind!: ComplaintKind;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiProperty({ enum: COMPLAINANT_TYPES })
  @IsIn(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  @ApiProperty({ example: '3号扶梯停运，顾客被困 / escalator 3 stopped with a customer on it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ description: 'When the complaint was received; defaults to now. Clocks start here.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;

  @ApiPropertyOptional({ description: 'Staff id of the agent who recorded it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recordedBy?: string;
}

export class ComplaintRegisteredResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'SH01-20261123-0007' }) caseNumber!: string;
}
