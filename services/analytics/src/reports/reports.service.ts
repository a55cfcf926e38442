import { Injectable } from '@nestjs/common';
import { Clock, PolicyStore } from '@mallcare/platform';
import { findMall, targetsOf, type GroupPolicy, type GroupTargets, type MallPolicy } from '@mallcare/policy';
import { figureFootnotes } from '../figures/figure-definitions';
import type { CaseRecord } from '../figures/case-record';
import { shiftMonth } from '../figures/reporting-period';
import { AnalyticsException } from '../analytics.exception';
import { caseDetailRow } from './case-detail';
import type { CaseDetailFilters } from './dto/case-detail-filters.dto';
import { CaseDetailRepository, type DetailPeriod, type DetailPageRow, type DetailRow } from './case-detail.repository';
import { MallMonthFiguresService } from './mall-month-figures.service';
import { emptyMallMonthFigures, mergeMallMonthFigures, type MallMonthFigures } from './mall-month-summary';
import { MALL_RANKING_RULE, PERFORMANCE_RANKING_RULE, rankMalls, rankPerformance, type PerformanceParts } from './ranking';
import { ReportCache } from './report-cache';
import { monthsOfPeriod } from './report-period';
import type {
  CaseDetailPage,
  CaseDetailRow,
  ChannelUsage,
  ComparedPeriod,
  HqRollup,
  MallMonthlyReport,
  MallPerformance,
  MallPeriodReport,
  PerformanceRanking,
} from './report.types';
import { checkTargets, targetFootnotes } from './targets';

const withChannel = (row: DetailRow): CaseRecord => (row.record.channel === row.channel ? row.record : { ...row.record, channel: row.channel });

/** A monthly report listing more cases than this is not cached: a 50,000-case mall's lists held as objects raised the service's idle RSS by ~200 MiB in the bench. */
const MAX_CACHED_LIST_ENTRIES = 5_000;

/** Group-wide reads recompute at most this many stale mall-months before answering (the refresher does the rest). */
const GROUP_RECOMPUTE_LIMIT = 20;

const ROLLUP_FOOTNOTE =
  'Roll-ups of several malls or months add up each mall-month\'s counts and rate parts exactly; their 90th percentiles are read from the merged distributions to within 1 %.';

const footnotes = (targets: GroupTargets): string[] => [...figureFootnotes(), ...targetFootnotes(targets)];

/**
 * The reports of DOMAIN §9, read from the mall-month figures cache and the case paths; nothing here
 * folds events. The exporters read the same methods.
 */
@Injectable()
export class ReportsService {
  // Bounded: a big mall's monthly report (its overdue and escalated lists) can weigh megabytes.
  private readonly rollups = new ReportCache(64);
  private readonly monthlyReports = new ReportCache(16);

  constructor(
    private readonly details: CaseDetailRepository,
    private readonly figures: MallMonthFiguresService,
    private readonly policies: PolicyStore,
    private readonly clock: Clock,
  ) {}

  mallOf(mallId: string, policy: GroupPolicy = this.policies.current()): MallPolicy {
    const mall = findMall(policy, mallId);
    if (!mall) throw new AnalyticsException('ANALYTICS_UNKNOWN_MALL', `no mall ${mallId} in the group's policy`);
    return mall;
  }

  /** Served from the cache while none of its three mall-months was recomputed. */
  async monthlyReport(mallId: string, month: string): Promise<MallMonthlyReport> {
    const policy = this.policies.current();
    const mall = this.mallOf(mallId, policy);
    const months = [month, shiftMonth(month, -1), shiftMonth(month, -12)];
    const version = await this.figures.versionOf(months, mallId);
    return this.monthlyReports.get(`monthly|${mallId}|${month}`, version, policy, () => this.computeMonthlyReport(mall, month, targetsOf(policy)));
  }

  private async computeMonthlyReport(mall: MallPolicy, month: string, targets: GroupTargets): Promise<MallMonthlyReport> {
    const mallId = mall.id;
    const previous = shiftMonth(month, -1);
    const lastYear = shiftMonth(month, -12);
    // Freshened by versionOf just before; what changed since is picked up by the next version.
    const stored = await this.figures.figuresOf([month, previous, lastYear], mallId, 0);
    const [details] = await this.figures.detailsOf([month], mallId, 0);
    const of = (wanted: string): MallMonthFigures | null => stored.find((row) => row.month === wanted)?.figures ?? null;
    // Without the month's figures its asOf is the time of this request: not an answer to serve again.
    // A very big mall's lists (tens of thousands of overdue cases) are not kept either: memory over speed.
    const listed = (details?.details.overdueCases.length ?? 0) + (details?.details.escalatedCases.length ?? 0) + (details?.details.satisfactionComments.length ?? 0);
    if (of(month) === null || listed > MAX_CACHED_LIST_ENTRIES) this.monthlyReports.forget(`monthly|${mallId}|${month}`);
    const current = of(month) ?? emptyMallMonthFigures();
    const compared = (period: string): ComparedPeriod | null => {
      const figures = of(period);
      return figures === null || figures.figures.received === 0 ? null : { period, figures: figures.figures, counts: figures.counts };
    };
    return {
      mallId,
      mallName: mall.name,
      mallNameEn: mall.nameEn ?? null,
      timeZone: mall.timeZone,
      month,
      asOf: stored.find((row) => row.month === month)?.computedAt ?? this.clock.now().toISOString(),
      figures: current.figures,
      counts: current.counts,
      previousMonth: compared(previous),
      sameMonthLastYear: compared(lastYear),
      hotSpots: details?.details.hotSpots ?? [],
      overdueCases: details?.details.overdueCases ?? [],
      escalatedCases: details?.details.escalatedCases ?? [],
      satisfactionComments: details?.details.satisfactionComments ?? [],
      targets: checkTargets(current.figures, targets),
      footnotes: footnotes(targets),
    };
  }

  /** One mall's figures over a month, a quarter or a year, with each month beside. */
  async mallPeriodReport(mallId: string, period: string): Promise<MallPeriodReport> {
    const policy = this.policies.current();
    const mall = this.mallOf(mallId, policy);
    const targets = targetsOf(policy);
    const { kind, months } = monthsOfPeriod(period);
    const stored = await this.figures.figuresOf(months, mallId);
    const merged = mergeMallMonthFigures(stored.map((row) => row.figures));
    return {
      mallId,
      mallName: mall.name,
      period,
      periodKind: kind,
      months,
      asOf: stored.map((row) => row.computedAt).sort()[0] ?? this.clock.now().toISOString(),
      figures: merged.figures,
      counts: merged.counts,
      byMonth: months.map((month) => ({ month, figures: (stored.find((row) => row.month === month)?.figures ?? emptyMallMonthFigures()).figures })),
      targets: checkTargets(merged.figures, targets),
      footnotes: [...footnotes(targets), ROLLUP_FOOTNOTE],
    };
  }

  /** Every mall of the policy side by side for a month, a quarter or a year, with group totals and ranking. */
  async hqRollup(period: string): Promise<HqRollup> {
    const { months } = monthsOfPeriod(period);
    const policy = this.policies.current();
    const version = await this.figures.versionOf(months, null, GROUP_RECOMPUTE_LIMIT);
    return this.rollups.get(`hq|${period}`, version, policy, () => this.computeHqRollup(period, policy));
  }

  private async computeHqRollup(period: string, policy: GroupPolicy): Promise<HqRollup> {
    const { kind, months } = monthsOfPeriod(period);
    const targets = targetsOf(policy);
    const stored = await this.figures.figuresOf(months, null, 0);
    if (stored.length === 0) this.rollups.forget(`hq|${period}`);
    const mallIds = [...new Set([...policy.malls.map((mall) => mall.id), ...stored.map((row) => row.mallId)])];
    const perMall = mallIds.map((mallId) => {
      const merged = mergeMallMonthFigures(stored.filter((row) => row.mallId === mallId).map((row) => row.figures));
      const mall = findMall(policy, mallId);
      return { mallId, mallName: mall?.name ?? mallId, mallNameEn: mall?.nameEn ?? null, figures: merged.figures, counts: merged.counts, merged };
    });
    const group = mergeMallMonthFigures(perMall.map((row) => row.merged));
    const computedAt = stored.map((row) => row.computedAt).sort()[0];
    return {
      period,
      periodKind: kind,
      months,
      asOf: computedAt ?? this.clock.now().toISOString(),
      malls: rankMalls(perMall.map(({ merged: _merged, ...row }) => row), targets).sort((a, b) => a.rank - b.rank || a.mallId.localeCompare(b.mallId)),
      groupTotals: { figures: group.figures, counts: group.counts, targets: checkTargets(group.figures, targets) },
      rankingRule: MALL_RANKING_RULE,
      footnotes: [...footnotes(targets), ROLLUP_FOOTNOTE],
    };
  }

  async caseDetail(mallId: string, period: DetailPeriod, filters: CaseDetailFilters, limit: number, offset: number): Promise<CaseDetailPage> {
    this.mallOf(mallId);
    const { total, rows } = await this.details.page(mallId, period, filters, limit, offset);
    const asOf = this.clock.now();
    return {
      mallId,
      period: 'month' in period ? period.month : period.week,
      total,
      limit,
      offset,
      rows: rows.map((row) => caseDetailRow(withChannel(row), asOf)),
    };
  }

  /** Every detail row of a period, in pages, for the exporters: never the whole period in memory. */
  async *caseDetailRows(mallId: string, period: DetailPeriod, filters: CaseDetailFilters = {}, pageSize = 1_000): AsyncIterable<CaseDetailRow> {
    this.mallOf(mallId);
    const page = this.details.pagesOf(mallId, period, filters, pageSize);
    const asOf = this.clock.now();
    // The next page is read while this one is written: PostgreSQL and the exporter work at the same time, two pages at most in memory.
    let next: Promise<DetailPageRow[]> | null = page(null);
    while (next !== null) {
      const rows: DetailPageRow[] = await next;
      next = null;
      if (rows.length === pageSize) {
        const last = rows[rows.length - 1];
        next = page({ receivedAt: new Date(last.received_at).toISOString(), complaintId: last.complaint_id });
        // A consumer that stops early leaves this read behind; its failure must not go unhandled.
        next.catch(() => undefined);
      }
      for (const row of rows) yield caseDetailRow(withChannel(row), asOf);
    }
  }

  async performance(mallId: string, month: string): Promise<MallPerformance> {
    this.mallOf(mallId);
    const [row] = await this.figures.detailsOf([month], mallId);
    return { mallId, month, handlers: row?.details.handlers ?? [], departments: row?.details.departments ?? [] };
  }

  /** Quarterly ranking of handlers and departments, across the group or within one mall. */
  async ranking(quarter: string, mallId: string | null): Promise<PerformanceRanking> {
    const { months } = monthsOfPeriod(quarter);
    const rows = await this.figures.detailsOf(months, mallId, mallId === null ? GROUP_RECOMPUTE_LIMIT : Number.POSITIVE_INFINITY);
    const handlerParts: PerformanceParts[] = rows.flatMap((row) =>
      row.details.handlers.map((handler) => ({ kind: 'handler' as const, id: handler.staffId, mallId: handler.mallId, cases: handler.cases, handlingRate: handler.handlingRate, timelinessRate: handler.timelinessRate, satisfactionRate: handler.satisfactionRate })),
    );
    const departmentParts: PerformanceParts[] = rows.flatMap((row) =>
      row.details.departments.map((department) => ({
        kind: 'department' as const,
        id: department.departmentId,
        mallId: department.mallId,
        cases: department.cases,
        handlingRate: department.handlingRate,
        timelinessRate: department.timelinessRate,
        satisfactionRate: department.satisfactionRate,
      })),
    );
    return { quarter, months, rankingRule: PERFORMANCE_RANKING_RULE, handlers: rankPerformance(handlerParts), departments: rankPerformance(departmentParts) };
  }

  async channelUsage(month: string, mallId: string | null): Promise<ChannelUsage> {
    if (mallId !== null) this.mallOf(mallId);
    const stored = await this.figures.figuresOf([month], mallId, mallId === null ? GROUP_RECOMPUTE_LIMIT : Number.POSITIVE_INFINITY);
    const merged = mergeMallMonthFigures(stored.map((row) => row.figures));
    return {
      month,
      mallId,
      received: merged.figures.received,
      channels: merged.counts.byChannel,
      byMall: stored.map((row) => ({ mallId: row.mallId, channels: row.figures.counts.byChannel })),
    };
  }
}
