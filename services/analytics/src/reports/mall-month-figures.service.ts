import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { schemaOf } from '@mallcare/contracts';
import { LogSignal } from '@mallcare/event-store';
import { Clock, loadServiceSettings } from '@mallcare/platform';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { MallMonthFiguresRepository } from './mall-month-figures.repository';
import { mallMonthDetails, mallMonthFigures, type MallMonthDetails, type MallMonthFigures } from './mall-month-summary';

export const ANALYTICS_REFRESH_OPTIONS = Symbol('ANALYTICS_REFRESH_OPTIONS');

export interface RefreshOptions {
  /** How often the background refresher looks again while mall-months are marked stale; 0 turns it off. */
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
 * The refresher's look with no mall-month marked: analytics' commits wake it, so this only catches an
 * announcement lost while the listening connection was down, and recent months' figures older than
 * maxAgeMs (at most this much later than maxAgeMs).
 */
const SAFETY_POLL_MS = 30_000;
/** A pass woken by a mark runs this long after the debounce, so that mark is due by then. */
const DEBOUNCE_MARGIN_MS = 100;
const ANALYTICS_SCHEMA = schemaOf('analytics');

/**
 * Each mall-month's figures computed from its case records (analytics.mall_month_figures), so no report
 * folds events or scans every case at request time. The projection marks mall-months dirty; a
 * debounced refresher recomputes them, and a report asking for a dirty one recomputes it first.
 */
@Injectable()
export class MallMonthFiguresService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MallMonthFigures');
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private running: Promise<unknown> | null = null;
  /** A pass came due while one ran: the next follows after intervalMs. */
  private passAgain = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly stored: MallMonthFiguresRepository,
    @Inject(ANALYTICS_REFRESH_OPTIONS) private readonly options: RefreshOptions,
    private readonly clock: Clock,
  ) {}

  /**
   * Background passes: woken (after the debounce) by a commit of analytics' handlers, this instance's or
   * another's, which is where mall-months are marked stale; then every intervalMs while any is marked,
   * otherwise only the safety poll. The inbox announces those commits after they commit (LogSignal).
   */
  onApplicationBootstrap(): void {
    if (this.options.intervalMs <= 0) return;
    this.unsubscribe = LogSignal.onAppended((schema) => {
      if (schema === ANALYTICS_SCHEMA) this.markedStale();
    });
    this.passIn(this.options.intervalMs);
  }

  /** Mall-months were marked stale (a commit here or elsewhere): a pass once the debounce has passed. */
  markedStale(): void {
    if (this.options.intervalMs > 0) this.passIn(this.options.debounceMs + DEBOUNCE_MARGIN_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** The next background pass in `ms`, unless one is due sooner. */
  private passIn(ms: number): void {
    const dueAt = Date.now() + ms;
    if (this.stopped || dueAt >= this.timerDueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueAt = Number.POSITIVE_INFINITY;
      this.pass();
    }, ms);
    this.timer.unref();
  }

  private pass(): void {
    if (this.running) {
      this.passAgain = true;
      return;
    }
    this.running = this.refreshStale()
      .then(() => this.stored.anyDirty())
      .catch((error: unknown) => {
        this.logger.warn(`refreshing figures failed: ${String(error)}`);
        return true;
      })
      .then((marked) => {
        this.running = null;
        const again = marked || this.passAgain;
        this.passAgain = false;
        this.passIn(again ? this.options.intervalMs : Math.min(SAFETY_POLL_MS, this.options.maxAgeMs || SAFETY_POLL_MS));
      });
  }

  /**
   * Recomputes one mall-month and clears its mark unless a newer change marked it meanwhile; stores
   * nothing when another pass already recomputed it for that mark. Returns whether it stored.
   */
  async recompute(mallId: string, month: string, markedAt: string | null, asOf = this.clock.now()): Promise<boolean> {
    const records = await this.stored.recordsOf(mallId, month);
    const figures = mallMonthFigures(records, asOf);
    const details = mallMonthDetails(records, mallId, asOf);
    return this.stored.save(mallId, month, figures, details, asOf, markedAt);
  }

  /** Background pass: dirty mall-months quiet for the debounce, and recent months computed too long ago. */
  async refreshStale(limit = 500): Promise<number> {
    const dirty = await this.stored.dirtyDue(this.options.debounceMs, this.options.maxDelayMs, limit);
    for (const row of dirty) await this.recompute(row.mall_id, row.month, row.marked_at);
    const old = await this.stored.computedBefore(this.options.maxAgeMs, limit);
    for (const row of old) await this.recompute(row.mall_id, row.month, null);
    return dirty.length + old.length;
  }

  /**
   * Recomputes the mall-months of `months` (one mall's, or every mall's) that are dirty now. Beyond
   * `maxRecompute` of them the cached figures are served as they are (their computedAt says how old)
   * and the background refresher catches up, so a group-wide read stays fast under load.
   */
  async ensureFresh(months: readonly string[], mallId: string | null, maxRecompute = Number.POSITIVE_INFINITY): Promise<void> {
    const dirty = await this.stored.dirtyOf(months, mallId);
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
    return this.stored.versionOf(months, mallId);
  }

  async figuresOf(months: readonly string[], mallId: string | null, maxRecompute = Number.POSITIVE_INFINITY): Promise<StoredMallMonth[]> {
    await this.ensureFresh(months, mallId, maxRecompute);
    const rows = await this.stored.figuresOf(months, mallId);
    return rows.map((row) => ({ mallId: row.mall_id, month: row.month, figures: row.figures, computedAt: new Date(row.computed_at).toISOString() }));
  }

  async detailsOf(
    months: readonly string[],
    mallId: string | null,
    maxRecompute = Number.POSITIVE_INFINITY,
  ): Promise<(MallMonthKey & { details: MallMonthDetails; computedAt: string })[]> {
    await this.ensureFresh(months, mallId, maxRecompute);
    const rows = await this.stored.detailsOf(months, mallId);
    return rows.map((row) => ({ mallId: row.mall_id, month: row.month, details: row.details, computedAt: new Date(row.computed_at).toISOString() }));
  }
}
