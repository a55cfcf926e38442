import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import {
  ALL_CLASSIFICATION_CRITERIA,
  RESPONSIBILITIES,
  SEVERITIES,
  type ClassificationCriterion,
  type Responsibility,
  type Severity,
} from '../case-vocabulary';
import { IsNonEmptyString } from './field-rules';

/**
 * routing: a person recorded the case's responsibility and, for a responsible case, its severity,
 * naming the DOMAIN §4 criteria that applied. When it ends below a severity the system had set,
 * `overrideReason` says why and `overriddenSystemSeverity` what was set aside.
 */
export class CaseClassifiedV1 {
  @IsIn(RESPONSIBILITIES)
  responsibility!: Responsibility;

  /** Only for a responsible case. */
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(ALL_CLASSIFICATION_CRITERIA, { each: true })
  criteria!: ClassificationCriterion[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @IsOptional()
  @IsIn(SEVERITIES)
  overriddenSystemSeverity?: Severity;

  @IsOptional()
  @IsNonEmptyString(2000)
  overrideReason?: string;
}
export type CaseClassified = DomainEvent<'CaseClassified', CaseClassifiedV1>;
