import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CaseRecord } from '../figures/case-record';
import type { MallMonthDetails, MallMonthFigures } from './mall-month-summary';

type DirtyMallMonth = { mall_id: string; month: string; marked_at: string };

/** analytics.mall_month_figures and analytics.mall_month_dirty: the stored figures of each mall-month and the marks of those gone stale. */
@Injectable()
export class MallMonthFiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recordsOf(mallId: string, month: string): Promise<CaseRecord[]> {
    const rows: { record: CaseRecord }[] = await this.dataSource.query(
      `SELECT record FROM analytics.case_paths WHERE mall_id = $1 AND month = $2 AND record IS NOT NULL`,
      [mallId, month],
    );
    return rows.map((row) => row.record);
  }

  /**
   * Stores a mall-month's figures and, with `markedAt`, clears its mark unless a newer change marked it
   * meanwhile. When another pass (the refresher or a report) already cleared that very mark, it read the
   * same changes and stored them: nothing is written, so the stored figures and their computed_at (a
   * warm report's version) stay as they are. Returns whether it wrote.
   */
  async save(mallId: string, month: string, figures: MallMonthFigures, details: MallMonthDetails, asOf: Date, markedAt: string | null): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (markedAt !== null) {
        // The DELETE waits for a concurrent pass clearing the same mark, then finds it gone.
        const [mark]: { cleared: boolean; marked_again: boolean }[] = await manager.query(
          `WITH cleared AS (DELETE FROM analytics.mall_month_dirty WHERE mall_id = $1 AND month = $2 AND marked_at = $3::timestamptz RETURNING 1)
           SELECT EXISTS (SELECT 1 FROM cleared) AS cleared,
                  EXISTS (SELECT 1 FROM analytics.mall_month_dirty WHERE mall_id = $1 AND month = $2 AND marked_at <> $3::timestamptz) AS marked_again`,
          [mallId, month, markedAt],
        );
        if (!mark.cleared && !mark.marked_again) return false;
      }
      await manager.query(
        `INSERT INTO analytics.mall_month_figures (mall_id, month, figures, details, computed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (mall_id, month) DO UPDATE SET figures = EXCLUDED.figures, details = EXCLUDED.details, computed_at = EXCLUDED.computed_at`,
        [mallId, month, JSON.stringify(figures), JSON.stringify(details), asOf.toISOString()],
      );
      return true;
    });
  }

  /** Dirty mall-months quiet for `debounceMs`, or never computed, or computed over `maxDelayMs` ago; oldest mark first. */
  dirtyDue(debounceMs: number, maxDelayMs: number, limit: number): Promise<DirtyMallMonth[]> {
    return this.dataSource.query(
      `SELECT d.mall_id, d.month, d.marked_at::text AS marked_at FROM analytics.mall_month_dirty d
       LEFT JOIN analytics.mall_month_figures f ON f.mall_id = d.mall_id AND f.month = d.month
       WHERE d.marked_at < clock_timestamp() - make_interval(secs => $1::double precision / 1000)
          OR f.computed_at IS NULL OR f.computed_at < clock_timestamp() - make_interval(secs => $3::double precision / 1000)
       ORDER BY d.marked_at LIMIT $2`,
      [debounceMs, limit, maxDelayMs],
    );
  }

  /** Whether any mall-month is marked stale (due or not). */
  async anyDirty(): Promise<boolean> {
    const [{ dirty }]: { dirty: boolean }[] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM analytics.mall_month_dirty) AS dirty`);
    return dirty;
  }

  /** Mall-months of the current and previous month computed over `maxAgeMs` ago (their running clocks may have become due). */
  computedBefore(maxAgeMs: number, limit: number): Promise<{ mall_id: string; month: string }[]> {
    return this.dataSource.query(
      `SELECT mall_id, month FROM analytics.mall_month_figures
       WHERE month >= to_char(now() - interval '1 month', 'YYYY-MM')
         AND computed_at < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2`,
      [maxAgeMs, limit],
    );
  }

  /** The dirty mall-months of `months` (one mall's, or every mall's). */
  dirtyOf(months: readonly string[], mallId: string | null): Promise<DirtyMallMonth[]> {
    return this.dataSource.query(
      `SELECT mall_id, month, marked_at::text AS marked_at FROM analytics.mall_month_dirty
       WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2)`,
      [months, mallId],
    );
  }

  /** A fingerprint of the stored mall-months of `months`: keys and computation times only, never the figures. */
  async versionOf(months: readonly string[], mallId: string | null): Promise<string> {
    const [row]: { mall_months: string; digest: string }[] = await this.dataSource.query(
      `SELECT count(*)::text AS mall_months, coalesce(md5(string_agg(mall_id || '|' || month || '|' || computed_at::text, ',' ORDER BY mall_id, month)), '') AS digest
       FROM analytics.mall_month_figures WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2)`,
      [months, mallId],
    );
    return `${row.mall_months}:${row.digest}`;
  }

  figuresOf(months: readonly string[], mallId: string | null): Promise<{ mall_id: string; month: string; figures: MallMonthFigures; computed_at: Date }[]> {
    return this.dataSource.query(
      `SELECT mall_id, month, figures, computed_at FROM analytics.mall_month_figures
       WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2) ORDER BY mall_id, month`,
      [months, mallId],
    );
  }

  /** The stored figures of `months` as they are, not freshened (what the gauges read at each scrape). */
  storedFiguresOf(months: readonly string[]): Promise<{ mall_id: string; month: string; figures: MallMonthFigures }[]> {
    return this.dataSource.query(`SELECT mall_id, month, figures FROM analytics.mall_month_figures WHERE month = ANY($1::text[])`, [months]);
  }

  detailsOf(months: readonly string[], mallId: string | null): Promise<{ mall_id: string; month: string; details: MallMonthDetails; computed_at: Date }[]> {
    return this.dataSource.query(
      `SELECT mall_id, month, details, computed_at FROM analytics.mall_month_figures
       WHERE month = ANY($1::text[]) AND ($2::text IS NULL OR mall_id = $2) ORDER BY mall_id, month`,
      [months, mallId],
    );
  }
}
