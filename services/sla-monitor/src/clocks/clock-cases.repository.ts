import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { lockOrCreate, preparedQuery } from '@mallcare/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import type { SlaCaseFacts } from './clock-facts';
import type { ClockStatus, ClockView } from './clock.decider';
import type { ClockListItem } from './clocks.service';

export interface ClockCaseRow {
  complaint_id: string;
  mall_id: string;
  facts: SlaCaseFacts;
  next_fire_at: Date | null;
}

/** A case's timer as decided: its facts and the next instant to look at it (null: nothing pending). */
export interface ClockCaseTimer {
  complaintId: string;
  facts: SlaCaseFacts;
  nextFireAt: Date | null;
}

/** A case's clocks as the read model keeps them. */
export interface CaseClocks {
  complaintId: string;
  mallId: string;
  departmentId: string | null;
  clocks: readonly ClockView[];
}

/** A row of the clocks list, with the total of matching rows. */
export type ClockListRow = Omit<ClockListItem, 'startedAt' | 'dueAt'> & { startedAt: Date; dueAt: Date; total: string };

/**
 * The durable timers (clock_cases) and the clocks read model: claims and writes for many cases in one
 * statement each (unnest), in the caller's transaction.
 */
@Injectable()
export class ClockCasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The case's timer row locked for the transaction, created first (with `facts`) when there is none: a
   * case event may be the first this service hears of the case. Named statements: this runs for every
   * case event.
   */
  async lockOrOpen(manager: EntityManager, complaintId: string, mallId: string, facts: SlaCaseFacts): Promise<ClockCaseRow> {
    return lockOrCreate<ClockCaseRow>(
      manager,
      {
        name: 'mallcare-sla-lock-case',
        text: `SELECT complaint_id, mall_id, facts, next_fire_at FROM sla_monitor.clock_cases WHERE complaint_id = $1 FOR UPDATE`,
        values: [complaintId],
      },
      {
        name: 'mallcare-sla-open-case',
        text: `INSERT INTO sla_monitor.clock_cases (complaint_id, mall_id, facts, next_fire_at, updated_at) VALUES ($1, $2, $3, NULL, now())
               ON CONFLICT (complaint_id) DO NOTHING`,
        values: [complaintId, mallId, JSON.stringify(facts)],
      },
    );
  }

  async lock(manager: EntityManager, complaintId: string, forUpdate: boolean): Promise<ClockCaseRow | undefined> {
    const rows: ClockCaseRow[] = await manager.query(
      `SELECT complaint_id, mall_id, facts, next_fire_at FROM sla_monitor.clock_cases WHERE complaint_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [complaintId],
    );
    return rows[0];
  }

  caseOf(complaintId: string): Promise<ClockCaseRow | undefined> {
    return this.lock(this.dataSource.manager, complaintId, false);
  }

  /** The earliest instant any case is to be looked at (the partial index's first row). */
  async nextFireAt(): Promise<Date | null> {
    const rows: { next: Date | null }[] = await this.dataSource.query(`SELECT min(next_fire_at) AS next FROM sla_monitor.clock_cases WHERE next_fire_at IS NOT NULL`);
    return rows[0]?.next ?? null;
  }

  /** Cases whose open clocks another policy version set are due now. */
  async wakeClocksOfOtherPolicies(policyVersion: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sla_monitor.clock_cases SET next_fire_at = now()
       WHERE complaint_id IN (SELECT DISTINCT complaint_id FROM sla_monitor.clocks WHERE state NOT IN ('met', 'upgrade-due') AND policy_version <> $1)
         AND (next_fire_at IS NULL OR next_fire_at > now())`,
      [policyVersion],
    );
  }

  /** Open clocks (or those in one state), nearest deadline first; each row carries the total. */
  clocks(filters: { state: ClockStatus | null; mallId: string | null; departmentId: string | null; limit: number; offset: number }): Promise<ClockListRow[]> {
    const where = [`(state = $1 OR ($1::text IS NULL AND state NOT IN ('met', 'upgrade-due')))`, `($2::text IS NULL OR mall_id = $2)`, `($3::text IS NULL OR department_id = $3)`];
    const params = [filters.state, filters.mallId, filters.departmentId];
    return this.dataSource.query(
      `SELECT complaint_id AS "complaintId", clock_id AS "clockId", kind, state, mall_id AS "mallId", department_id AS "departmentId",
              started_at AS "startedAt", due_at AS "dueAt", escalations, policy_version AS "policyVersion", count(*) OVER () AS total
       FROM sla_monitor.clocks WHERE ${where.join(' AND ')}
       ORDER BY due_at, complaint_id, clock_id LIMIT $4 OFFSET $5`,
      [...params, filters.limit, filters.offset],
    );
  }

  /** The open-clocks gauge, read at each scrape. */
  openClocks(): Promise<{ mall_id: string; department_id: string | null; kind: string; state: string; open: string }[]> {
    return this.dataSource.query(
      `SELECT mall_id, department_id, kind, state, count(*) AS open FROM sla_monitor.clocks WHERE state NOT IN ('met', 'upgrade-due') GROUP BY 1, 2, 3, 4`,
    );
  }

  /** Due cases, earliest first, locked; rows another instance holds are skipped, not waited for. */
  claimDue(manager: EntityManager, now: Date, limit: number): Promise<ClockCaseRow[]> {
    return preparedQuery<ClockCaseRow>(
      { manager },
      'sla-claim-due-cases',
      `SELECT complaint_id, mall_id, facts, next_fire_at FROM sla_monitor.clock_cases
       WHERE next_fire_at <= $1 ORDER BY next_fire_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async rearm(manager: EntityManager, timers: readonly ClockCaseTimer[]): Promise<void> {
    if (timers.length === 0) return;
    await preparedQuery(
      { manager },
      'sla-rearm-cases',
      `UPDATE sla_monitor.clock_cases c SET facts = t.facts, next_fire_at = t.next_fire_at, updated_at = now()
       FROM unnest($1::uuid[], $2::jsonb[], $3::timestamptz[]) AS t(complaint_id, facts, next_fire_at)
       WHERE c.complaint_id = t.complaint_id`,
      [timers.map((timer) => timer.complaintId), timers.map((timer) => JSON.stringify(timer.facts)), timers.map((timer) => timer.nextFireAt)],
    );
  }

  async writeClocks(manager: EntityManager, cases: readonly CaseClocks[]): Promise<void> {
    const rows = cases.flatMap(({ complaintId, mallId, departmentId, clocks }) => clocks.map((clock) => ({ complaintId, mallId, departmentId, clock })));
    if (rows.length === 0) return;
    const column = <T>(pick: (row: (typeof rows)[number]) => T): T[] => rows.map(pick);
    await preparedQuery(
      { manager },
      'sla-write-clocks',
      `INSERT INTO sla_monitor.clocks (complaint_id, clock_id, mall_id, department_id, kind, state, started_at, due_at, escalations, policy_version, updated_at)
       SELECT c.*, now() FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[], $10::text[])
         AS c(complaint_id, clock_id, mall_id, department_id, kind, state, started_at, due_at, escalations, policy_version)
       ON CONFLICT (complaint_id, clock_id) DO UPDATE SET department_id = EXCLUDED.department_id, state = EXCLUDED.state, due_at = EXCLUDED.due_at,
         escalations = EXCLUDED.escalations, policy_version = EXCLUDED.policy_version, updated_at = now()`,
      [
        column((row) => row.complaintId),
        column((row) => row.clock.clockId),
        column((row) => row.mallId),
        column((row) => row.departmentId),
        column((row) => row.clock.kind),
        column((row) => row.clock.status),
        column((row) => row.clock.startedAt),
        column((row) => row.clock.dueAt),
        column((row) => row.clock.escalations),
        column((row) => row.clock.policyVersion),
      ],
    );
  }
}
