import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, loadServiceSettings } from '@mallcare/platform';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import type { DataSource } from 'typeorm';
import type { CaseRecord } from '../figures/case-record';
import { mallMonthDetails, mallMonthFigures, type MallMonthDetails, type MallMonthFigures } from './mall-month-summary';

export const ANALYTICS_REFRESH_OPTIONS = Symbol('ANALYTICS_REFRESH_OPTIONS');

export interface RefreshOptions {
  /** How often the background refresher looks for stale mall-months; 0 turns it off. */
  intervalMs: number;
  /** A mall-month is refreshed in the background once no change marked it for this long. */
  debounceMs: number;
  /** Figures of the current and previous month are recomputed this often anyway: running clocks become due. */
  maxAgeMs: number;
  /** A mall-month that keeps changing is refreshed at least this often, quiet or not (the debounce can't starve it). */
  maxDelayMs: number;
}

/** The refresher's settings, validated at start by the platform's config loader (milliseconds, whole, not negative). */
class RefreshEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ANALYTICS_REFRESH_INTERVAL_MS = 2_000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  ANALYTICS_REFRESH_DEBOUNCE_MS = 1_000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  ANALYTICS_FIGURES_MAX_AGE_MS = 300_000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  ANALYTICS_REFRESH_MAX_DELAY_MS = 10_000;
}

export const refreshOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): RefreshOptions => {
  const settings = loadServiceSettings('analytics', RefreshEnvironment, env);
  return {
    intervalMs: settings.ANALYTICS_REFRESH_INTERVAL_MS,
    debounceMs: settings.ANALYTICS_REFRESH_DEBOUNCE_MS,
    maxAgeMs: settings.ANALYTICS_FIGURES_MAX_AGE_MS,
    maxDelayMs: settings.ANALYTICS_REFRESH_MAX_DELAY_MS,
  };
};

export interface StoredMallMonth {
  mallId: string;
  month: string;
  figures: MallMonthFigures;
  computedAt: string;
}

export type MallMonthKey = { mallId: string; month: string };

/**
 * analytics.mall_month_figures: each mall-month's figures computed from its case records, so no report
 * folds events or scans every case at request time. The projection marks mall-months dirty; a
 * debounced refresher recomputes them, and a report asking for a dirty one recomputes it first.
 */
@Injectable()
export class MallMonthFiguresRepository implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MallMonthFigures');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ANALYTICS_REFRESH_OPTIONS) private readonly options: RefreshOptions,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.refreshStale()
        .catch((error: unknown) => this.logger.warn(`refreshing figures failed: ${String(error)}`))
        .finally(() => (this.running = null));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async recordsOf(mallId: string, month: string): Promise<CaseRecord[]> {
    const rows: { record: CaseRecord }[] = await this.dataSource.query(
      `SELECT record FROM analytics.case_paths WHERE mall_id = $1 AND month = $2 AND record IS NOT NULL`,
      [mallId, month],
    );
    return rows.map((row) => row.record);
  }

  /** Recomputes one mall-month and clears its mark unless a newer change marked it meanwhile. */
  async recompute(mallId: string, month: string, markedAt: string | null, asOf = this.clock.now()): Promise<void> {
    const records = await this.recordsOf(mallId, month);
    const figures = mallMonthFigures(records, asOf);
    const details = mallMonthDetails(records, mallId, asOf);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO analytics.mall_month_figures (mall_id, month, figures, details, computed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (mall_id, month) DO UPDATE SET figures = EXCLUDED.figures, details = EXCLUDED.details, computed_at = EXCLUDED.computed_at`,
        [mallId, month, JSON.stringify(figures), JSON.stringify(details), asOf.toISOString()],
      );
      if (markedAt !== null) {
        await manager.query(`DELETE FROM analytics.mall_month_dirty WHERE mall_id = $1 AND month = $2 AND marked_at = $3::timestamptz`, [mallId, month, markedAt]);
      }
    });
  }

  /** Background pass: dirty mall-months quiet for the debounce, and recent months computed too long ago. */
  async refreshStale(limit = 500): Promise<number> {
    const dirty: { mall_id: string; month: string; marked_at: string }[] = await this.dataSource.query(
      `SELECT d.mall_id, d.month, d.marked_at::text AS marked_at FROM analytics.mall_month_dirty d
       LEFT JOIN analytics.mall_month_figures f ON f.mall_id = d.mall_id AND f.month = d.month
       WHERE d.marked_at < clock_timestamp() - make_interval(secs => $1::double precision / 1000)
          OR f.computed_at IS NULL OR f.computed_at < clock_timestamp() - make_interval(secs => $3::double precision / 1000)
       ORDER BY d.marked_at LIMIT $2`,
      [this.options.debounceMs, limit, this.options.maxDelayMs],
    );
    for (const row of dirty) await this.recompute(row.mall_id, row.month, row.marked_at);
    const old: { mall_id: string; month: string }[] = await this.dataSource.query(
      `SELECT mall_id, month FROM analytics.mall_month_figures
       WHERE month >= to_char(now() - interval '1 month', 'YYYY-MM')
         AND computed_at < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2`,
      [this.options.maxAgeMs, limit],
    );
    for (const row of old) await this.recompute(row.mall_id, row.month, null);
    return dirty.length + old.length;
  }

  /**
   * Recomputes the mall-months of `months` (one mall's, or every mall's) that are dirty now. Beyond
   * `maxRecompute` of them the cached figures are served as they are (their computedAt says how old)
   * and the background refresher catches up, so a group-wide read stays fast under load.
   */
  async ensureFresh(months: readonly string[], mallId: string | null, maxRecompute = Number.POSITIVE_INFINITY): Promise<void> {
    const dirty: { mall_id: string; month: string; marked_at: string }[] = await this.dataSource.query(
      `SELECT mall_id, month, marked_at::text AS marked_at FROM analytics.mall_month_dirty
       WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2)`,
      [months, mallId],
    );
    if (dirty.length > maxRecompute) return;
    for (const row of dirty) await this.recompute(row.mall_id, row.month, row.marked_at);
  }

  /**
   * A fingerprint of the stored mall-months of `months` (one mall's, or every mall's), after
   * freshening them as figuresOf does: it changes whenever one is recomputed, added or removed. Reads
   * only keys and times, never the figures.
   */
  async versionOf(months: readonly string[], mallId: string | null, maxRecompute = Number.POSITIVE_INFINITY): Promise<string> {
    await this.ensureFresh(months, mallId, maxRecompute);
    const [row]: { mall_months: string; digest: string }[] = await this.dataSource.query(
      `SELECT count(*)::text AS mall_months, coalesce(md5(string_agg(mall_id || '|' || month || '|' || computed_at::text, ',' ORDER BY mall_id, month)), '') AS digest
       FROM analytics.mall_month_figures WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2)`,
      [months, mallId],
    );
    return `${row.mall_months}:${row.digest}`;
  }

  async figuresOf(months: readonly string[], mallId: string | null, maxRecompute = Number.POSITIVE_INFINITY): Promise<StoredMallMonth[]> {
    await this.ensureFresh(months, mallId, maxRecompute);
    const rows: { mall_id: string; month: string; figures: MallMonthFigures; computed_at: Date }[] = await this.dataSource.query(
      `SELECT mall_id, month, figures, computed_at FROM analytics.mall_month_figures
       WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2) ORDER BY mall_id, month`,
      [months, mallId],
    );
    return rows.map((row) => ({ mallId: row.mall_id, month: row.month, figures: row.figures, computedAt: new Date(row.computed_at).toISOString() }));
  }

  /** The stored figures of `months` as they are, not freshened (what the gauges read at each scrape). */
  storedFiguresOf(months: readonly string[]): Promise<{ mall_id: string; month: string; figures: MallMonthFigures }[]> {
    return this.dataSource.query(`SELECT mall_id, month, figures FROM analytics.mall_month_figures WHERE month = ANY($1::text[])`, [months]);
  }

  async detailsOf(
    months: readonly string[],
    mallId: string | null,
    maxRecompute = Number.POSITIVE_INFINITY,
  ): Promise<(MallMonthKey & { details: MallMonthDetails; computedAt: string })[]> {
    await this.ensureFresh(months, mallId, maxRecompute);
    const rows: { mall_id: string; month: string; details: MallMonthDetails; computed_at: Date }[] = await this.dataSource.query(
      `SELECT mall_id, month, details, computed_at FROM analytics.mall_month_figures
       WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2) ORDER BY mall_id, month`,
      [months, mallId],
    );
    return rows.map((row) => ({ mallId: row.mall_id, month: row.month, details: row.details, computedAt: new Date(row.computed_at).toISOString() }));
  }
}
