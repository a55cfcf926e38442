import { Injectable } from '@nestjs/common';
import { preparedQuery } from '@mallcare/event-store';
import type { EntityManager } from 'typeorm';
import type { SlaCaseFacts } from './clock-facts';
import type { ClockView } from './clock.decider';

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

/**
 * The durable timers (clock_cases) and the clocks read model: claims and writes for many cases in one
 * statement each (unnest), in the caller's transaction.
 */
@Injectable()
export class ClockCasesRepository {
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
