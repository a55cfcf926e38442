import { GROUP_TARGET_KEYS, type GroupTargets } from '@mallcare/policy';
import type { RateFigure } from '../figures/figures';
import type { ReportFigures, TargetCheck, TargetId } from './report.types';

export interface TargetDefinition {
  id: TargetId;
  figure: keyof Pick<ReportFigures, 'responseWithin24h' | 'closureRate' | 'satisfactionRate' | 'dataCompleteness'>;
  threshold: number;
  stretch: boolean;
  definition: string;
}

const percent = (share: number): string => `${Math.round(share * 1000) / 10} %`;

/** How each policy target (docs/domain.md §6, 001 §1, §10) is checked and said in the footnotes. */
const TARGETS: Record<(typeof GROUP_TARGET_KEYS)[number], { id: TargetId; figure: TargetDefinition['figure']; stretch: boolean; say: (threshold: string) => string }> = {
  responseWithin24h: {
    id: 'response-within-24h',
    figure: 'responseWithin24h',
    stretch: false,
    say: (threshold) =>
      `24 小时响应率 (Response within 24 h) ≥ ${threshold}: cases whose first reply (progress note, proposed settlement or resolution) came within 24 hours of receipt / cases replied to or received more than 24 hours before the report time; inquiries left out.`,
  },
  closureRate: { id: 'closure-rate', figure: 'closureRate', stretch: false, say: (threshold) => `结案率 (Closure rate) ≥ ${threshold}.` },
  closureRateStretch: {
    id: 'closure-rate-stretch',
    figure: 'closureRate',
    stretch: true,
    say: (threshold) => `结案率 stretch target ≥ ${threshold} (shown, not counted as missed).`,
  },
  satisfactionRate: { id: 'satisfaction-rate', figure: 'satisfactionRate', stretch: false, say: (threshold) => `满意率 (Satisfaction rate) ≥ ${threshold}.` },
  dataCompleteness: {
    id: 'data-completeness',
    figure: 'dataCompleteness',
    stretch: false,
    say: (threshold) => (threshold === '100 %' ? '数据完整率 (Data completeness) = 100 %.' : `数据完整率 (Data completeness) ≥ ${threshold}.`),
  },
};

/** The group's targets as the policy in force sets them (policy `targets`). */
export const targetDefinitions = (targets: GroupTargets): TargetDefinition[] =>
  GROUP_TARGET_KEYS.map((key) => {
    const { say, ...target } = TARGETS[key];
    return { ...target, threshold: targets[key], definition: say(percent(targets[key])) };
  });

export const checkTargets = (figures: ReportFigures, targets: GroupTargets): TargetCheck[] =>
  targetDefinitions(targets).map((target) => {
    const rate: RateFigure = figures[target.figure];
    return { id: target.id, threshold: target.threshold, rate: rate.rate, met: rate.rate === null ? null : rate.rate >= target.threshold - 1e-12, stretch: target.stretch };
  });

/** Targets met and missed, stretch targets and rates without a denominator left out. */
export const countTargets = (checks: readonly TargetCheck[]): { met: number; missed: number } => ({
  met: checks.filter((check) => !check.stretch && check.met === true).length,
  missed: checks.filter((check) => !check.stretch && check.met === false).length,
});

export const targetFootnotes = (targets: GroupTargets): string[] => targetDefinitions(targets).map((target) => target.definition);
