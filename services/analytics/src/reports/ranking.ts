import type { RateFigure } from '../figures/figures';
import type { GroupTargets } from '@mallcare/policy';
import { checkTargets, countTargets } from './targets';
import type { HqRollupRow, PerformanceRankingEntry, ReportFigures } from './report.types';

export const MALL_RANKING_RULE =
  'Malls are ranked by their score: the mean of the rates that have a value among response within 24 h, timeliness, handling, closure and satisfaction rate (data completeness breaks ties, then the mall code). Malls with no case rank last, equal.';

export const PERFORMANCE_RANKING_RULE =
  'Handlers and departments are ranked by the mean of their handling, timeliness and satisfaction rates over the quarter (rates that have a value), ties broken by more cases, then the id; those without any rate rank last, equal.';

const mean = (rates: readonly (number | null)[]): number | null => {
  const present = rates.filter((rate): rate is number => rate !== null);
  return present.length === 0 ? null : present.reduce((sum, rate) => sum + rate, 0) / present.length;
};

export const mallScore = (figures: ReportFigures): number | null =>
  figures.received === 0
    ? null
    : mean([figures.responseWithin24h.rate, figures.timelinessRate.rate, figures.handlingRate.rate, figures.closureRate.rate, figures.satisfactionRate.rate]);

/** Competition ranking ("1, 2, 2, 4"): equal scores share a rank; no score ranks after every scored one. */
export const assignRanks = <T extends { score: number | null }>(entries: readonly T[], tieBreak: (a: T, b: T) => number): (T & { rank: number })[] => {
  const sorted = [...entries].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === null && b.score === null ? tieBreak(a, b) : a.score === null ? 1 : -1;
    return b.score - a.score || tieBreak(a, b);
  });
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const rank = previous !== undefined && previous.score === entry.score ? previous.rank : index + 1;
    ranked.push({ ...entry, rank });
  });
  return ranked;
};

export const rankMalls = (rows: readonly Omit<HqRollupRow, 'rank' | 'score' | 'targets' | 'targetsMet' | 'targetsMissed'>[], groupTargets: GroupTargets): HqRollupRow[] =>
  assignRanks(
    rows.map((row) => {
      const targets = checkTargets(row.figures, groupTargets);
      const { met, missed } = countTargets(targets);
      return { ...row, targets, targetsMet: met, targetsMissed: missed, score: mallScore(row.figures) };
    }),
    (a, b) => (b.figures.dataCompleteness.rate ?? -1) - (a.figures.dataCompleteness.rate ?? -1) || a.mallId.localeCompare(b.mallId),
  );

export interface PerformanceParts {
  kind: 'handler' | 'department';
  id: string;
  mallId: string;
  cases: number;
  handlingRate: RateFigure;
  timelinessRate: RateFigure;
  satisfactionRate: RateFigure;
}

const sum = (rates: readonly RateFigure[]): RateFigure => {
  const numerator = rates.reduce((total, rate) => total + rate.numerator, 0);
  const denominator = rates.reduce((total, rate) => total + rate.denominator, 0);
  return { id: rates[0]?.id ?? 'handling-rate', numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
};

/** Merges months of one handler or department (same kind, id and mall) and ranks them. */
export const rankPerformance = (parts: readonly PerformanceParts[]): PerformanceRankingEntry[] => {
  const groups = new Map<string, PerformanceParts[]>();
  for (const part of parts) {
    const key = `${part.kind}\u0000${part.mallId}\u0000${part.id}`;
    const group = groups.get(key);
    if (group) group.push(part);
    else groups.set(key, [part]);
  }
  const merged = [...groups.values()].map((group) => {
    const handling = sum(group.map((part) => part.handlingRate));
    const timeliness = sum(group.map((part) => part.timelinessRate));
    const satisfaction = sum(group.map((part) => part.satisfactionRate));
    return {
      kind: group[0].kind,
      id: group[0].id,
      mallId: group[0].mallId,
      cases: group.reduce((total, part) => total + part.cases, 0),
      handlingRate: handling.rate,
      timelinessRate: timeliness.rate,
      satisfactionRate: satisfaction.rate,
      score: mean([handling.rate, timeliness.rate, satisfaction.rate]),
    };
  });
  return assignRanks(merged, (a, b) => b.cases - a.cases || a.mallId.localeCompare(b.mallId) || a.id.localeCompare(b.id));
};
