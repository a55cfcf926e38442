import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { ESCALATION_REASONS, type EscalationReason, type SlaEscalatedV1 } from './sla-escalated.event';
import { NOTIFIED_RUNGS, type NotifiedRung } from './sla-clock-warned.event';
import { IsInstant, IsNestedList, IsNonEmptyString } from './field-rules';

/** A person who was told: the rung they were told as, and who they are (never nobody). */
export class EscalationRecipientV2 {
  @IsIn(NOTIFIED_RUNGS)
  rung!: NotifiedRung;

  @IsNonEmptyString()
  staffId!: string;

  @IsOptional()
  @IsString()
  departmentId?: string;
}

/** A rung of the ladder nobody held for the case, passed over for the next one up, and why. */
export class VacantRungV2 {
  @IsIn(NOTIFIED_RUNGS)
  rung!: NotifiedRung;

  @IsOptional()
  @IsString()
  departmentId?: string;

  @IsNonEmptyString(300)
  reason!: string;
}

/**
 * sla-monitor: people up the ladder were told (DOMAIN §7), version 2: every escalation names who was
 * told. `ladderRung` is the rung the policy's ladder named for this step; `rung` the one actually
 * told, higher when the named rung (and any above it) was vacant, each vacancy in `vacancies` with
 * its reason. The department of a case not yet routed is the owning department by complainant type.
 */
export class SlaEscalatedV2 {
  @IsNonEmptyString()
  escalationKey!: string;

  @IsIn(ESCALATION_REASONS)
  reason!: EscalationReason;

  @IsNonEmptyString(500)
  why!: string;

  /** The rung told. */
  @IsIn(NOTIFIED_RUNGS)
  rung!: NotifiedRung;

  /** The rung the ladder (or the notice) named for this step. */
  @IsIn(NOTIFIED_RUNGS)
  ladderRung!: NotifiedRung;

  @IsInt()
  @Min(0)
  step!: number;

  @IsOptional()
  @IsString()
  clockId?: string;

  @IsOptional()
  @IsString()
  clockKind?: string;

  @IsOptional()
  @IsString()
  notice?: string;

  /** Who was told; empty only in events recorded before version 2 (see `vacancies`). */
  @IsNestedList(() => EscalationRecipientV2, 50)
  notified!: EscalationRecipientV2[];

  /** Rungs passed over because nobody held them for this case. */
  @IsNestedList(() => VacantRungV2, 10)
  vacancies!: VacantRungV2[];

  @IsInstant()
  scheduledAt!: string;

  @IsInstant()
  escalatedAt!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}

/** Version 1 recorded a vacant rung as a person with staffId null: it becomes a vacancy; nobody is invented. */
export const upcastSlaEscalatedV1 = (v1: SlaEscalatedV1): SlaEscalatedV2 => {
  const { notified, ...rest } = v1;
  return {
    ...rest,
    ladderRung: v1.rung,
    notified: notified.flatMap((person) => (person.staffId ? [{ rung: person.rung, staffId: person.staffId, ...(person.departmentId ? { departmentId: person.departmentId } : {}) }] : [])),
    vacancies: notified.flatMap((person) =>
      person.staffId ? [] : [{ rung: person.rung, ...(person.departmentId ? { departmentId: person.departmentId } : {}), reason: 'nobody held the rung (recorded before version 2, not passed up)' }],
    ),
  };
};

export type SlaEscalated = DomainEvent<'SlaEscalated', SlaEscalatedV2>;
