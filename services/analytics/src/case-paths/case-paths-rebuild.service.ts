import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PolicyStore } from '@mallcare/platform';
import { Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AnalyticsException } from '../analytics.exception';
import { MallMonthFiguresService } from '../reports/mall-month-figures.service';
import { releaseRebuildLock, tryRebuildLock } from './case-paths-rebuild.repository';
import { rebuildCasePaths, type RebuildProgress, type RebuildResult } from './rebuild-case-paths';

@Injectable()
export class CasePathsRebuildService {
  private readonly logger = new Logger('CasePathsRebuild');
  /** The running (or last) rebuild's progress, for /metrics: events done / total, rate, ETA. */
  private progress: RebuildProgress | null = null;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: PolicyStore,
    private readonly figures: MallMonthFiguresService,
    @Inject(Registry) registry: Registry,
  ) {
    const current = (): RebuildProgress | null => this.progress;
    const gauge = (name: string, help: string, read: (progress: RebuildProgress | null) => number | null | undefined): void => {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          const value = read(current());
          if (value !== null && value !== undefined) this.set(value);
        },
      });
    };
    gauge('mallcare_analytics_rebuild_running', 'Whether this instance is rebuilding the case paths (1) or not (0)', () => (this.running ? 1 : 0));
    gauge('mallcare_analytics_rebuild_events_done', 'Events the running (or last) case path rebuild has folded', (progress) => progress?.eventsDone);
    gauge('mallcare_analytics_rebuild_events_total', 'Events the running (or last) case path rebuild has to fold', (progress) => progress?.eventsTotal);
    gauge('mallcare_analytics_rebuild_events_per_second', 'Fold rate of the running (or last) case path rebuild', (progress) => progress?.eventsPerSecond);
    gauge('mallcare_analytics_rebuild_eta_seconds', 'Seconds until the running case path rebuild has folded every event, at its rate so far', (progress) => progress?.etaSeconds);
  }

  async rebuild(): Promise<Omit<RebuildResult, 'positions'> & { eventsPerSecond: number }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (!(await tryRebuildLock(runner))) throw new AnalyticsException('ANALYTICS_REBUILD_RUNNING', 'a rebuild of the case paths is already running');
      this.running = true;
      try {
        const { events, cases, millis } = await rebuildCasePaths(this.dataSource, {
          policy: this.policies.current(),
          log: (message) => this.logger.log(message),
          onProgress: (progress) => (this.progress = progress),
        });
        // The mall-months its catch-up touched are marked stale.
        this.figures.markedStale();
        return { events, cases, millis, eventsPerSecond: millis === 0 ? events : Math.round((events / millis) * 1000) };
      } finally {
        this.running = false;
        await releaseRebuildLock(runner);
      }
    } finally {
      await runner.release();
    }
  }
}
