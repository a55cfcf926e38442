import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { NOTIFIED_RUNGS, NotifiedPersonV1, type NotifiedRung } from './sla-clock-warned.event';
import { IsInstant, IsNestedList, IsNonEmptyString } from './field-rules';

export const ESCALATION_REASONS = ['breached', 'still-breached', 'notice'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/**
 * sla-monitor: people up the ladder were told (DOMAIN §7): a breach (first rung), one rung more per
 * interval while it stays breached, or a notice told at once (major/collective, media risk).
 * `escalationKey` is unique per case: notifications are sent once per key and person.
 */
export class SlaEscalatedV1 {
  @IsNonEmptyString()
  escalationKey!: string;

  @IsIn(ESCALATION_REASONS)
  reason!: EscalationReason;

  /** Why, in words for the log and the message. */
  @IsNonEmptyString(500)
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

  @IsNestedList(() => NotifiedPersonV1, 50)
  notified!: NotifiedPersonV1[];

  /** When this rung was due by the policy. */
  @IsInstant()
  scheduledAt!: string;

  @IsInstant()
  escalatedAt!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}
