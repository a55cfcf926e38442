import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALLBACK_METHODS, SATISFACTION_LEVELS, type CallbackMethod, type SatisfactionLevel } from '@mallcare/contracts';
import { FreeText, PageQuery } from '@mallcare/platform';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const MALL_ID = /^[A-Z0-9]{2,8}$/;
const MALL_ID_MESSAGE = 'mallId must be a mall code of 2–8 capital letters or digits';

export class DrawSampleDto {
  @ApiProperty({ example: 'SH01' })
  @Matches(MALL_ID, { message: MALL_ID_MESSAGE })
  mallId!: string;

  @ApiProperty({ minimum: 1, maximum: 100, example: 5 })
  @IsInt()
  @Min(1)
  @Max(100)
  size!: number;
}

export class SampleQueryDto extends PageQuery {
  @ApiPropertyOptional({ example: 'SH01' })
  @IsOptional()
  @Matches(MALL_ID, { message: MALL_ID_MESSAGE })
  mallId?: string;
}

export class RecordSampleCallbackDto {
  @ApiProperty({ enum: CALLBACK_METHODS })
  @IsIn(CALLBACK_METHODS)
  method!: CallbackMethod;

  @ApiProperty()
  @IsBoolean()
  reached!: boolean;

  @ApiPropertyOptional({ enum: SATISFACTION_LEVELS, description: 'Required when reached' })
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  satisfaction?: SatisfactionLevel;

  @ApiPropertyOptional({ description: 'Required when reached' })
  @IsOptional()
  @IsBoolean()
  solved?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  comment?: string;
}
