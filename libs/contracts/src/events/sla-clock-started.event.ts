import { IsInt, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/** sla-monitor: a time limit of DOMAIN §6 started running for the case. */
export class SlaClockStartedV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsNonEmptyString()
  clockKind!: string;

  @IsInstant()
  startedAt!: string;

  @IsInstant()
  dueAt!: string;

  @IsInt()
  @Min(1)
  targetMinutes!: number;

  @IsNonEmptyString()
  policyVersion!: string;
}
/** Version 1 as published; read through upcastSlaClockStartedV1. */
export type SlaClockStartedV1Event = DomainEvent<'SlaClockStarted', SlaClockStartedV1>;
