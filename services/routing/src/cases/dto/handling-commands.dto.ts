import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALL_CLASSIFICATION_CRITERIA,
  OUTSIDE_PARTY_KINDS,
  RESPONSIBILITIES,
  SEVERITIES,
  VALIDITIES,
  type ClassificationCriterion,
  type OutsidePartyKind,
  type Responsibility,
  type Severity,
  type Validity,
} from '@mallcare/contracts';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FreeText } from '@mallcare/platform';

/** Bodies of the handling commands (DOMAIN §4, §5). The actor is the caller's identity, the time the server's. */

export class VerifyCaseDto {
  @ApiProperty({ enum: VALIDITIES, example: 'valid' })
  @IsIn(VALIDITIES)
  validity!: Validity;

  @ApiProperty({ example: '现场核实：3号扶梯停运属实 / on site: escalator 3 was indeed stopped' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  reason!: string;
}

export class ClassifyCaseDto {
  @ApiProperty({ enum: RESPONSIBILITIES, example: 'responsible' })
  @IsIn(RESPONSIBILITIES)
  responsibility!: Responsibility;

  @ApiPropertyOptional({ enum: SEVERITIES, example: 'general', description: 'Required for a responsible case; the highest level its criteria reach.' })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiProperty({ enum: ALL_CLASSIFICATION_CRITERIA, isArray: true, example: ['service-shortfall'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(ALL_CLASSIFICATION_CRITERIA, { each: true })
  criteria!: ClassificationCriterion[];

  @ApiPropertyOptional({ example: '设备老化，维保不到位 / worn part, maintenance overdue' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @FreeText()
  note?: string;

  @ApiPropertyOptional({ description: 'Needed to classify below a severity a system rule set (e.g. a collective complaint found to be a municipal power cut).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  overrideReason?: string;
}

export class ProgressNoteDto {
  @ApiProperty({ example: '已联系电梯维保单位，今晚更换驱动链 / maintenance contractor replaces the chain tonight' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  note!: string;
}

export class RequestAssistanceDto {
  @ApiProperty({ example: 'security', description: 'A department of the case’s mall' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  departmentId!: string;

  @ApiProperty({ example: '维修期间需安保疏导客流 / security to guide shoppers during the repair' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  reason!: string;
}

export class TransferCaseDto {
  @ApiProperty({ example: 'property', description: 'The new handling department, of the case’s mall' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  toDepartmentId!: string;

  @ApiProperty({ example: '属保洁问题，应由物业处理 / a cleaning matter for property' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  reason!: string;
}

export class OutsidePartyDto {
  @ApiProperty({ example: '市供电局 / city power supply bureau' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: OUTSIDE_PARTY_KINDS, example: 'utility' })
  @IsIn(OUTSIDE_PARTY_KINDS)
  partyKind!: OutsidePartyKind;

  @ApiProperty({ example: '恢复供电并说明原因 / restore power and explain the cause' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  askedFor!: string;
}

export class MediaRiskDto {
  @ApiProperty({ example: '顾客称将联系电视台 / the customer says they will call a TV station' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  reason!: string;
}

export class IncidentReportDto {
  @ApiProperty({ example: '3号扶梯急停，一名顾客摔倒 / escalator 3 stopped, one shopper fell' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  summary!: string;

  @ApiProperty({ example: '驱动链断裂 / broken drive chain' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  cause!: string;

  @ApiProperty({ example: '顾客手臂擦伤，扶梯停运4小时 / grazed arm, escalator out for 4 h' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  impact!: string;

  @ApiProperty({ example: '更换驱动链，全场扶梯排查 / chain replaced, every escalator inspected' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  measures!: string;
}

export class ProposeResolutionDto {
  @ApiProperty({ example: '更换驱动链并赠送停车券 / replace the chain and offer a parking voucher' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @FreeText()
  proposal!: string;
}

export class ApproveWrittenReplyDto {
  @ApiProperty({ example: '尊敬的顾客：……（书面答复全文或摘要）/ the written reply, in full or summarised' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  @FreeText()
  reply!: string;
}

export class ReopenCaseDto {
  @ApiProperty({ example: '回访不满意：扶梯再次停运 / not satisfied at callback: the escalator stopped again' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  reason!: string;
}
