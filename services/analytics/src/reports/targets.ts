import type { RateFigure } from '../figures/figures';
import type { ReportFigures, TargetCheck, TargetId } from './report.types';

export interface TargetDefinition {
  id: TargetId;
  figure: keyof Pick<ReportFigures, 'responseWithin24h' | 'closureRate' | 'satisfactionRate' | 'dataCompleteness'>;
  threshold: number;
  stretch: boolean;
  definition: string;
}

/** The group-wide targets of DOMAIN §6 (001 §1, §10), checked per mall and for the group. */
export const TARGET_DEFINITIONS: readonly TargetDefinition[] = [
  {
    id: 'response-within-24h',
    figure: 'responseWithin24h',
    threshold: 0.95,
    stretch: false,
    definition:
      '24 小时响应率 (Response within 24 h) ≥ 95 %: cases whose first reply (progress note, proposed settlement or resolution) came within 24 hours of receipt / cases replied to or received more than 24 hours before the report time; inquiries left out.',
  },
  { id: 'closure-rate', figure: 'closureRate', threshold: 0.95, stretch: false, definition: '结案率 (Closure rate) ≥ 95 %.' },
  { id: 'closure-rate-stretch', figure: 'closureRate', threshold: 0.98, stretch: true, definition: '结案率 stretch target ≥ 98 % (shown, not counted as missed).' },
  { id: 'satisfaction-rate', figure: 'satisfactionRate', threshold: 0.9, stretch: false, definition: '满意率 (Satisfaction rate) ≥ 90 %.' },
  { id: 'data-completeness', figure: 'dataCompleteness', threshold: 1, stretch: false, definition: '数据完整率 (Data completeness) = 100 %.' },
];

export const checkTargets = (figures: ReportFigures): TargetCheck[] =>
  TARGET_DEFINITIONS.map((target) => {
    const rate: RateFigure = figures[target.figure];
    return { id: target.id, threshold: target.threshold, rate: rate.rate, met: rate.rate === null ? null : rate.rate >= target.threshold - 1e-12, stretch: target.stretch };
  });

/** Targets met and missed, stretch targets and rates without a denominator left out. */
export const countTargets = (checks: readonly TargetCheck[]): { met: number; missed: number } => ({
  met: checks.filter((check) => !check.stretch && check.met === true).length,
  missed: checks.filter((check) => !check.stretch && check.met === false).length,
});

export const targetFootnotes = (): string[] => TARGET_DEFINITIONS.map((target) => target.definition);
