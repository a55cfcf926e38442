import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseResolved } from '@mallcare/contracts';
import { handleCommand, PostgresEventStore } from '@mallcare/event-store';
import { DEFAULT_GROUP_POLICY } from '@mallcare/policy';
import { DataSource, type EntityManager } from 'typeorm';
import { callbackDecider } from './callback.decider';

export const callbackStreamId = (complaintId: string): string => `callback-${complaintId}`;

export interface DueCallback {
  complaintId: string;
  mallId: string;
  owningDepartmentId: string;
  dueAt: string;
}

@Injectable()
export class CallbacksService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async scheduleFor(resolved: CaseResolved, manager: EntityManager): Promise<void> {
    const { metadata } = resolved;
    const events = await handleCommand(
      this.store,
      callbackStreamId(metadata.complaintId),
      callbackDecider,
      {
        type: 'ScheduleCallback',
        data: {
          resolvedAt: new Date(metadata.occurredAt),
          owningDepartmentId: resolved.data.owningDepartmentId,
          resolutionEventId: metadata.eventId,
          policy: DEFAULT_GROUP_POLICY,
        },
      },
      { complaintId: metadata.complaintId, mallId: metadata.mallId, actor: { type: 'system', id: 'callback' }, correlationId: metadata.correlationId, causationId: metadata.eventId },
      manager,
    );
    for (const event of events) {
      if (event.type !== 'CallbackScheduled') continue;
      await manager.query(
        `INSERT INTO callback.due_callbacks (complaint_id, mall_id, owning_department_id, due_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (complaint_id) DO UPDATE SET due_at = EXCLUDED.due_at, owning_department_id = EXCLUDED.owning_department_id`,
        [metadata.complaintId, metadata.mallId, event.data.owningDepartmentId, event.data.dueAt],
      );
    }
  }

  async due(mallId?: string): Promise<DueCallback[]> {
    const rows: { complaint_id: string; mall_id: string; owning_department_id: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT complaint_id, mall_id, owning_department_id, due_at FROM callback.due_callbacks
       WHERE $1::text IS NULL OR mall_id = $1 ORDER BY due_at LIMIT 500`,
      [mallId ?? null],
    );
    return rows.map((row) => ({
      complaintId: row.complaint_id,
      mallId: row.mall_id,
      owningDepartmentId: row.owning_department_id,
      dueAt: new Date(row.due_at).toISOString(),
    }));
  }
}
