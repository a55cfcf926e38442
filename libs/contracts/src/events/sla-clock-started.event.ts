import { IsISO8601, IsInt, IsNotEmpty, IsString, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** sla-monitor: a time limit of DOMAIN §6 started running for the case. */
export class SlaClockStartedV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsString()
  @IsNotEmpty()
  clockKind!: string;

  @IsISO8601({ strict: true })
  startedAt!: string;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsInt()
  @Min(1)
  targetMinutes!: number;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
/** Version 1 as published; read through upcastSlaClockStartedV1. */
export type SlaClockStartedV1Event = DomainEvent<'SlaClockStarted', SlaClockStartedV1>;
