import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { NOTIFIED_RUNGS, NotifiedPersonV1, type NotifiedRung } from './sla-clock-warned.event';

export const ESCALATION_REASONS = ['breached', 'still-breached', 'notice'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/**
 * sla-monitor: people up the ladder were told (DOMAIN §7): a breach (first rung), one rung more per
 * interval while it stays breached, or a notice told at once (major/collective, media risk).
 * `escalationKey` is unique per case: notifications are sent once per key and person.
 */
export class SlaEscalatedV1 {
  @IsString()
  @IsNotEmpty()
  escalationKey!: string;

  @IsIn(ESCALATION_REASONS)
  reason!: EscalationReason;

  /** Why, in words for the log and the message. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  why!: string;

  @IsIn(NOTIFIED_RUNGS)
  rung!: NotifiedRung;

  /** 0 for the first rung of a breach. */
  @IsInt()
  @Min(0)
  step!: number;

  @IsOptional()
  @IsString()
  clockId?: string;

  @IsOptional()
  @IsString()
  clockKind?: string;

  /** The notice of the policy (e.g. media-risk) for reason `notice`. */
  @IsOptional()
  @IsString()
  notice?: string;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NotifiedPersonV1)
  notified!: NotifiedPersonV1[];

  /** When this rung was due by the policy. */
  @IsISO8601({ strict: true })
  scheduledAt!: string;

  @IsISO8601({ strict: true })
  escalatedAt!: string;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
