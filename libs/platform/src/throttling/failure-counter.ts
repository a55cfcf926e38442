import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { schemaOf } from '@mallcare/contracts';
import { sqlMigration, type MigrationClass } from '@mallcare/event-store';
import type { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

/** Failures counted per key (a staff id, a case number and caller, …) in PostgreSQL, so every instance sees them. */
export const failureCountsMigration = (schema: string): MigrationClass =>
  sqlMigration('FailureCounts1764650000000', [
    `CREATE TABLE IF NOT EXISTS ${schema}.failure_counts (
       key text PRIMARY KEY,
       failures integer NOT NULL,
       window_started_at timestamptz NOT NULL,
       locked_until timestamptz
     )`,
  ]);

/** Whole seconds until a lock ends, at least 1: the Retry-After a 429 carries. */
export const retryAfterSeconds = (until: Date, now: Date): number => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

export interface FailureRule {
  /** This many failures within the window lock the key… */
  maxFailures: number;
  windowSeconds: number;
  /** …for this long. */
  lockSeconds: number;
}

@Injectable()
export class FailureCounter {
  private readonly table: string;

  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.table = `${schemaOf(config.service)}.failure_counts`;
  }

  /** The latest lock still running on any of the keys, or null. */
  async lockedUntil(keys: string[], now: Date): Promise<Date | null> {
    const rows: { until: Date | null }[] = await this.dataSource.query(
      `SELECT max(locked_until) AS until FROM ${this.table} WHERE key = ANY($1::text[]) AND locked_until > $2::timestamptz`,
      [keys, now],
    );
    return rows[0]?.until ?? null;
  }

  /** Counts a failure in one statement (a new window once the old one is over) and locks the key at the limit. */
  async recordFailure(key: string, now: Date, rule: FailureRule): Promise<{ failures: number; lockedUntil: Date | null }> {
    const rows: { failures: number; locked_until: Date | null }[] = await this.dataSource.query(
      `INSERT INTO ${this.table} AS f (key, failures, window_started_at, locked_until)
       VALUES ($1::text, 1, $2::timestamptz, CASE WHEN $3::int <= 1 THEN $2::timestamptz + make_interval(secs => $5::int) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN f.window_started_at <= $2::timestamptz - make_interval(secs => $4::int) THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at <= $2::timestamptz - make_interval(secs => $4::int) THEN $2::timestamptz ELSE f.window_started_at END,
         locked_until = CASE
           WHEN (CASE WHEN f.window_started_at <= $2::timestamptz - make_interval(secs => $4::int) THEN 1 ELSE f.failures + 1 END) >= $3::int
           THEN $2::timestamptz + make_interval(secs => $5::int) ELSE f.locked_until END
       RETURNING failures, locked_until`,
      [key, now, rule.maxFailures, rule.windowSeconds, rule.lockSeconds],
    );
    return { failures: rows[0].failures, lockedUntil: rows[0].locked_until };
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
  }
}
