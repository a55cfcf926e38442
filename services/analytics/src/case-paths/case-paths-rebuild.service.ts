import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FailureKind, PolicyStore } from '@mallcare/platform';
import type { DataSource } from 'typeorm';
import { AnalyticsException, AnalyticsExceptionCode } from '../reports/analytics.exception';
import { rebuildCasePaths, type RebuildResult } from './rebuild-case-paths';

/** One rebuild at a time per database: a PostgreSQL advisory lock, so two instances can't race. */
const REBUILD_LOCK = 'mallcare.analytics.rebuild';

@Injectable()
export class CasePathsRebuildService {
  private readonly logger = new Logger('CasePathsRebuild');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: PolicyStore,
  ) {}

  async rebuild(): Promise<Omit<RebuildResult, 'positions'> & { eventsPerSecond: number }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [REBUILD_LOCK]);
      if (!locked) throw new AnalyticsException(AnalyticsExceptionCode.RebuildRunning, FailureKind.Conflict, 'a rebuild of the case paths is already running');
      try {
        const { events, cases, millis } = await rebuildCasePaths(this.dataSource, { policy: this.policies.current(), log: (message) => this.logger.log(message) });
        return { events, cases, millis, eventsPerSecond: millis === 0 ? events : Math.round((events / millis) * 1000) };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [REBUILD_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}
