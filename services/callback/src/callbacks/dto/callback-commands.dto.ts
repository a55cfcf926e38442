import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALLBACK_METHODS, SATISFACTION_LEVELS, type CallbackMethod, type SatisfactionLevel } from '@mallcare/contracts';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FreeText } from '@mallcare/platform';

export class RecordAttemptDto {
  @ApiProperty({ enum: CALLBACK_METHODS })
  @IsIn(CALLBACK_METHODS)
  method!: CallbackMethod;

  @ApiProperty({ description: 'Whether the customer was reached' })
  @IsBoolean()
  reached!: boolean;

  @ApiPropertyOptional({ example: '无人接听 / no answer' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  notes?: string;
}

export class RecordOutcomeDto {
  @ApiProperty({ enum: CALLBACK_METHODS })
  @IsIn(CALLBACK_METHODS)
  method!: CallbackMethod;

  @ApiProperty({ enum: SATISFACTION_LEVELS })
  @IsIn(SATISFACTION_LEVELS)
  satisfaction!: SatisfactionLevel;

  @ApiProperty({ description: 'Whether the matter is really solved, in the customer’s words' })
  @IsBoolean()
  solved!: boolean;

  @ApiPropertyOptional({ description: 'Tenants (street shops, anchor stores): whether they confirm the result; required for them' })
  @IsOptional()
  @IsBoolean()
  tenantConfirmed?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  comment?: string;
}
