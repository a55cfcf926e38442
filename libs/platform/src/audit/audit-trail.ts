import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

/** What the audit keeps: who, when, what, from where — never the personal data itself. */
export interface AuditEntry {
  /** A staff id, or the staff id tried at a failed sign-in. */
  actorId: string;
  actorRoles: string[];
  /** e.g. personal-data.read, personal-data.erased, policy.changed, staff.changed, sign-in.succeeded, sign-in.failed */
  action: string;
  outcome: 'success' | 'failure';
  /** What it was about: a case id, a person's subject id, a staff id, a mall. */
  subject: string | null;
  mallId: string | null;
  clientAddress: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: string;
  service: string;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  subject?: string;
  mallId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Serialises the schema's creation: every service ensures it at start, some at the same moment. */
const AUDIT_SCHEMA_LOCK = 727_001;

/**
 * The group's audit trail (PIPL: the handler knows who accessed personal data): one append-only
 * table, audit.entries, that every service writes to and HQ reads through routing's GET /audit.
 */
@Injectable()
export class AuditTrail implements OnApplicationBootstrap {
  constructor(
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_SCHEMA_LOCK]);
      await manager.query(`CREATE SCHEMA IF NOT EXISTS audit`);
      await manager.query(
        `CREATE TABLE IF NOT EXISTS audit.entries (
           id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           at timestamptz NOT NULL DEFAULT clock_timestamp(),
           service text NOT NULL,
           actor_id text NOT NULL,
           actor_roles text[] NOT NULL,
           action text NOT NULL,
           outcome text NOT NULL,
           subject text,
           mall_id text,
           client_address text,
           details jsonb NOT NULL DEFAULT '{}'
         )`,
      );
      await manager.query(`CREATE INDEX IF NOT EXISTS entries_at_idx ON audit.entries (at DESC)`);
      await manager.query(`CREATE INDEX IF NOT EXISTS entries_actor_idx ON audit.entries (actor_id, at DESC)`);
      await manager.query(`CREATE INDEX IF NOT EXISTS entries_subject_idx ON audit.entries (subject, at DESC)`);
    });
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit.entries (service, actor_id, actor_roles, action, outcome, subject, mall_id, client_address, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [this.config.service, entry.actorId, entry.actorRoles, entry.action, entry.outcome, entry.subject, entry.mallId, entry.clientAddress, JSON.stringify(entry.details ?? {})],
    );
  }

  async list(filter: AuditFilter): Promise<{ items: AuditRecord[]; total: number; limit: number; offset: number }> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.subject) add('subject = ?', filter.subject);
    if (filter.mallId) add('mall_id = ?', filter.mallId);
    if (filter.from) add('at >= ?::timestamptz', filter.from);
    if (filter.to) add('at < ?::timestamptz', filter.to);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }]: { total: string }[] = await this.dataSource.query(`SELECT count(*) AS total FROM audit.entries ${where}`, values);
    const rows: { id: string; at: Date; service: string; actor_id: string; actor_roles: string[]; action: string; outcome: 'success' | 'failure'; subject: string | null; mall_id: string | null; client_address: string | null; details: Record<string, unknown> }[] =
      await this.dataSource.query(`SELECT * FROM audit.entries ${where} ORDER BY at DESC, id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`, values);
    return {
      items: rows.map((row) => ({
        id: String(row.id),
        at: new Date(row.at).toISOString(),
        service: row.service,
        actorId: row.actor_id,
        actorRoles: row.actor_roles,
        action: row.action,
        outcome: row.outcome,
        subject: row.subject,
        mallId: row.mall_id,
        clientAddress: row.client_address,
        details: row.details,
      })),
      total: Number(total),
      limit: filter.limit,
      offset: filter.offset,
    };
  }
}
