import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HQ_PACK_SCOPE, type Actor, type PackKind, type PackTrigger } from '@mallcare/contracts';
import { Clock, PolicyStore } from '@mallcare/platform';
import type { DataSource, QueryRunner } from 'typeorm';
import { renderToBuffer } from '../exports/buffer-sink';
import type { PreparedExport } from '../exports/export-file';
import { ExportsService } from '../exports/exports.service';
import { MonthlyPackMetrics } from './monthly-pack.metrics';
import { releasePackRunLock, ReportPackRepository, tryPackRunLock, type ReportPackSummary } from './report-pack.repository';

export const SCHEDULE_ACTOR: Actor = { type: 'system', id: 'analytics-monthly-pack' };

export interface PackFailure {
  scope: string;
  kind: PackKind;
  error: string;
}

export interface PackRunResult {
  month: string;
  /** `skipped`: another instance (or run) held the lock; nothing was done. */
  status: 'completed' | 'skipped';
  produced: ReportPackSummary[];
  alreadyStored: number;
  failures: PackFailure[];
}

/** A run that got the lock: `done` settles when every pack was produced or failed. */
export type PackRun = { started: true; done: Promise<PackRunResult> } | { started: false; result: PackRunResult };

interface PackJob {
  scope: string;
  kind: PackKind;
  prepare: () => Promise<PreparedExport>;
}

/**
 * Produces a month's packs: for each mall of the policy its workbook and analysis PDF, for HQ the
 * roll-up workbook and PDF; stores each file once (a rerun produces only what is missing) and
 * records MonthlyAnalysisPackProduced per file. One failing pack does not stop the others.
 */
@Injectable()
export class MonthlyPackRunner {
  private readonly logger = new Logger(MonthlyPackRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly exports: ExportsService,
    private readonly store: ReportPackRepository,
    private readonly policies: PolicyStore,
    private readonly metrics: MonthlyPackMetrics,
    private readonly clock: Clock,
  ) {}

  /** Tries the lock; when held elsewhere answers at once with `started: false`. */
  async start(month: string, trigger: PackTrigger, actor: Actor): Promise<PackRun> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      locked = await tryPackRunLock(runner);
    } finally {
      if (!locked) await runner.release();
    }
    if (!locked) {
      this.logger.log(`packs of ${month}: another runner holds the lock, skipped`);
      return { started: false, result: { month, status: 'skipped', produced: [], alreadyStored: 0, failures: [] } };
    }
    return { started: true, done: this.produceHoldingLock(runner, month, trigger, actor) };
  }

  /** Runs to the end (the scheduled job, tests). */
  async run(month: string, trigger: PackTrigger, actor: Actor): Promise<PackRunResult> {
    const run = await this.start(month, trigger, actor);
    return run.started ? run.done : run.result;
  }

  private async produceHoldingLock(runner: QueryRunner, month: string, trigger: PackTrigger, actor: Actor): Promise<PackRunResult> {
    try {
      return await this.produce(month, trigger, actor);
    } finally {
      await releasePackRunLock(runner).catch(() => undefined);
      await runner.release();
    }
  }

  private jobsOf(month: string): PackJob[] {
    const malls = this.policies.current().malls;
    return [
      ...malls.flatMap((mall): PackJob[] => [
        { scope: mall.id, kind: 'monthly-workbook', prepare: () => this.exports.monthlyWorkbook(mall.id, month) },
        { scope: mall.id, kind: 'monthly-analysis-pdf', prepare: () => this.exports.monthlyAnalysisPdf(mall.id, month) },
      ]),
      { scope: HQ_PACK_SCOPE, kind: 'hq-rollup-workbook', prepare: () => this.exports.rollupWorkbook(month) },
      { scope: HQ_PACK_SCOPE, kind: 'hq-rollup-pdf', prepare: () => this.exports.rollupPdf(month) },
    ];
  }

  private async produce(month: string, trigger: PackTrigger, actor: Actor): Promise<PackRunResult> {
    const result: PackRunResult = { month, status: 'completed', produced: [], alreadyStored: 0, failures: [] };
    const storedByScope = new Map<string, Set<PackKind>>();
    for (const job of this.jobsOf(month)) {
      let stored = storedByScope.get(job.scope);
      if (!stored) {
        stored = await this.store.kindsStored(job.scope, month);
        storedByScope.set(job.scope, stored);
      }
      if (stored.has(job.kind)) {
        result.alreadyStored++;
        continue;
      }
      try {
        const file = await job.prepare();
        const bytes = await renderToBuffer(file);
        const saved = await this.store.save(
          { scope: job.scope, month, kind: job.kind, fileName: file.fileName, contentType: file.contentType, bytes, figuresAsOf: file.figuresAsOf, trigger },
          actor,
          this.clock.now(),
        );
        if (saved) {
          result.produced.push(saved);
          this.metrics.produced.inc({ kind: job.kind });
        } else result.alreadyStored++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result.failures.push({ scope: job.scope, kind: job.kind, error: message });
        this.metrics.failed.inc({ kind: job.kind });
        this.logger.warn(`pack ${job.kind} of ${job.scope} for ${month} failed: ${message}`);
      }
    }
    this.logger.log(`packs of ${month}: ${result.produced.length} produced, ${result.alreadyStored} already stored, ${result.failures.length} failed`);
    return result;
  }
}
