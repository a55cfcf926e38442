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

export class SampleResultDto {
  @ApiProperty({ enum: CALLBACK_METHODS }) method!: string;
  @ApiProperty() reached!: boolean;
  @ApiProperty({ enum: SATISFACTION_LEVELS, nullable: true, type: String }) satisfaction!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) solved!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class SampledCaseDto {
  @ApiProperty({ format: 'uuid' }) sampleId!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ example: 'SH01' }) mallId!: string;
  @ApiProperty({ nullable: true, type: String }) caseNumber!: string | null;
  @ApiProperty({ enum: ['major', 'critical'] }) severity!: string;
  @ApiProperty() drawnBy!: string;
  @ApiProperty({ format: 'date-time' }) drawnAt!: string;
  @ApiProperty({ type: SampleResultDto, nullable: true, description: 'HQ’s callback; null until recorded' }) result!: SampleResultDto | null;
}

export class DrawnSampleDto {
  @ApiProperty({ format: 'uuid' }) sampleId!: string;
  @ApiProperty() mallId!: string;
  @ApiProperty({ description: 'Resolved major/critical cases of the mall not sampled before, drawn from' }) eligible!: number;
  @ApiProperty({ type: [SampledCaseDto] }) cases!: SampledCaseDto[];
}

export class SamplePageDto {
  @ApiProperty({ type: [SampledCaseDto], description: 'Newest draw first' }) items!: SampledCaseDto[];
  @ApiProperty() total!: number;
  @ApiProperty({ nullable: true, type: Number }) nextOffset!: number | null;
}
