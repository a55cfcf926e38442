import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CALLBACK_METHODS, SATISFACTION_LEVELS, type CallbackMethod, type SatisfactionLevel } from '../callback-vocabulary';
import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** callback: HQ's independent callback of a sampled case; kept apart, it neither closes nor reopens the case. */
export class HqSampleCallbackRecordedV1 {
  @IsUUID()
  sampleId!: string;

  @IsIn(CALLBACK_METHODS)
  method!: CallbackMethod;

  @IsBoolean()
  reached!: boolean;

  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  satisfaction?: SatisfactionLevel;

  @IsOptional()
  @IsBoolean()
  solved?: boolean;

  @IsOptional()
  @IsNonEmptyString(4000)
  comment?: string;
}
export type HqSampleCallbackRecorded = DomainEvent<'HqSampleCallbackRecorded', HqSampleCallbackRecordedV1>;
