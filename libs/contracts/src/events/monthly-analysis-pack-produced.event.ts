import { IsIn, IsInt, IsUUID, Matches, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/** Pack events are about no complaint, but the envelope needs a complaint id: they all use this key. */
export const ANALYTICS_PACKS_STREAM_KEY = '00000000-0000-4000-8000-000000000002';

/** The scope of HQ's roll-up pack (a mall's pack has the mall's code). */
export const HQ_PACK_SCOPE = 'hq';

export const PACK_KINDS = ['monthly-workbook', 'monthly-analysis-pdf', 'hq-rollup-workbook', 'hq-rollup-pdf'] as const;
export type PackKind = (typeof PACK_KINDS)[number];

export const PACK_TRIGGERS = ['schedule', 'manual'] as const;
export type PackTrigger = (typeof PACK_TRIGGERS)[number];

/**
 * analytics: a file of a month's pack (a mall's workbook or analysis PDF, HQ's roll-up) was produced
 * and stored; the file itself stays in analytics.report_packs, the event says what, when and its hash.
 */
export class MonthlyAnalysisPackProducedV1 {
  @IsUUID()
  packId!: string;

  /** A mall's code, or `hq`. */
  @Matches(/^([A-Z0-9]{2,8}|hq)$/)
  scope!: string;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  month!: string;

  @IsIn(PACK_KINDS)
  kind!: PackKind;

  @IsNonEmptyString(200)
  fileName!: string;

  @IsInt()
  @Min(1)
  byteLength!: number;

  @Matches(/^[0-9a-f]{64}$/)
  sha256!: string;

  @IsIn(PACK_TRIGGERS)
  trigger!: PackTrigger;

  /** When the figures the file shows were computed. */
  @IsInstant()
  figuresAsOf!: string;
}
export type MonthlyAnalysisPackProduced = DomainEvent<'MonthlyAnalysisPackProduced', MonthlyAnalysisPackProducedV1>;
