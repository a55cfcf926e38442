import { IsIn } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { SEVERITIES, type Severity } from '../case-vocabulary';
import { IsNonEmptyString } from './field-rules';

/** routing: the incident report (事件报告) a major or critical case needs before it is resolved (DOMAIN §7). */
export class IncidentReportFiledV1 {
  /** The case's severity when the report was filed. */
  @IsIn(SEVERITIES)
  severity!: Severity;

  @IsNonEmptyString(4000)
  summary!: string;

  @IsNonEmptyString(4000)
  cause!: string;

  @IsNonEmptyString(4000)
  impact!: string;

  @IsNonEmptyString(4000)
  measures!: string;
}
export type IncidentReportFiled = DomainEvent<'IncidentReportFiled', IncidentReportFiledV1>;
