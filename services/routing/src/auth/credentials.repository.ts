import { Inject, Injectable } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The SQL behind sign-in's password hashes. */
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
}
