import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface FailureCount {
  failures: number;
  lockedUntil: Date | null;
}

/** The SQL behind sign-in: password hashes and the shared failure counts. */
@Injectable()
export class CredentialsRepository {
  constructor(@Inject(getDataSourceToken()) private readonly dataSource: DataSource) {}

  async passwordHash(staffId: string): Promise<string | null> {
    const rows: { password_hash: string }[] = await this.dataSource.query(`SELECT password_hash FROM routing.staff_credentials WHERE staff_id = $1`, [staffId]);
    return rows[0]?.password_hash ?? null;
  }

  async setPasswordHash(staffId: string, hash: string, setBy: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO routing.staff_credentials (staff_id, password_hash, set_at, set_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (staff_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by`,
      [staffId, hash, now, setBy],
    );
  }

  /** Sets the first password only if there is none yet: two first sign-ins at once cannot both win. */
  async setFirstPasswordHash(staffId: string, hash: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO routing.staff_credentials (staff_id, password_hash, set_at, set_by) VALUES ($1, $2, $3, $1)
       ON CONFLICT (staff_id) DO NOTHING RETURNING staff_id`,
      [staffId, hash, now],
    );
    return rows.length === 1;
  }

  async lockedUntil(staffId: string, now: Date): Promise<Date | null> {
    const rows: { locked_until: Date }[] = await this.dataSource.query(
      `SELECT locked_until FROM routing.sign_in_failures WHERE staff_id = $1 AND locked_until > $2`,
      [staffId, now],
    );
    return rows[0]?.locked_until ?? null;
  }

  /** Counts a failure in one statement (a new window once the old one is over) and locks at the limit. */
  async recordFailure(staffId: string, now: Date, policy: { maxFailures: number; windowSeconds: number; lockSeconds: number }): Promise<FailureCount> {
    const rows: { failures: number; locked_until: Date | null }[] = await this.dataSource.query(
      `WITH input AS (SELECT $1::text AS staff_id, $2::timestamptz AS now, $3::int AS max_failures,
                             make_interval(secs => $4::int) AS window_length, make_interval(secs => $5::int) AS lock_length)
       INSERT INTO routing.sign_in_failures AS f (staff_id, failures, window_started_at, locked_until)
       SELECT staff_id, 1, now, CASE WHEN max_failures <= 1 THEN now + lock_length END FROM input
       ON CONFLICT (staff_id) DO UPDATE SET
         failures = CASE WHEN f.window_started_at <= EXCLUDED.window_started_at - (SELECT window_length FROM input) THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at <= EXCLUDED.window_started_at - (SELECT window_length FROM input) THEN EXCLUDED.window_started_at ELSE f.window_started_at END,
         locked_until = CASE
           WHEN (CASE WHEN f.window_started_at <= EXCLUDED.window_started_at - (SELECT window_length FROM input) THEN 1 ELSE f.failures + 1 END) >= (SELECT max_failures FROM input)
           THEN EXCLUDED.window_started_at + (SELECT lock_length FROM input) ELSE f.locked_until END
       RETURNING failures, locked_until`,
      [staffId, now, policy.maxFailures, policy.windowSeconds, policy.lockSeconds],
    );
    return { failures: rows[0].failures, lockedUntil: rows[0].locked_until };
  }

  async clearFailures(staffId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM routing.sign_in_failures WHERE staff_id = $1`, [staffId]);
  }
}
