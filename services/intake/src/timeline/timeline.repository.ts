import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVENT_CATALOGUE, type Actor, type ComplaintEvent } from '@mallcare/contracts';
import { preparedQuery } from '@mallcare/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import type { CopiedStatus, StatusEventType } from './case-status-copy';

export interface TimelineEntryRow {
  event_id: string;
  service: string;
  event_type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor: Actor;
  data: unknown;
}

/** Other services' events of a case (intake.timeline_entries) and what they change on its registration row. */
@Injectable()
export class TimelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Once per event: a redelivery is a no-op. */
  async record(manager: EntityManager, event: ComplaintEvent): Promise<void> {
    // Named: planned once per connection, as it runs for every event of every case.
    await preparedQuery(
      { manager },
      'mallcare-intake-timeline-entry',
      `INSERT INTO intake.timeline_entries
         (event_id, complaint_id, service, event_type, occurred_at, recorded_at, actor, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        event.metadata.eventId,
        event.metadata.complaintId,
        EVENT_CATALOGUE[event.type].producer,
        event.type,
        event.metadata.occurredAt,
        event.metadata.recordedAt,
        JSON.stringify(event.metadata.actor),
        JSON.stringify(event.data),
      ],
    );
  }

  async setDepartments(manager: EntityManager, complaintId: string, departments: { owning?: string; handling: string }): Promise<void> {
    if (departments.owning === undefined) {
      await manager.query(`UPDATE intake.registrations SET handling_department_id = $2 WHERE complaint_id = $1`, [complaintId, departments.handling]);
    } else {
      await manager.query(`UPDATE intake.registrations SET owning_department_id = $2, handling_department_id = $3 WHERE complaint_id = $1`, [
        complaintId,
        departments.owning,
        departments.handling,
      ]);
    }
  }

  /** The case's status events in the owners' record order. */
  async statusEventsOf(manager: EntityManager, complaintId: string, types: readonly StatusEventType[]): Promise<StatusEventType[]> {
    const rows: { event_type: StatusEventType }[] = await manager.query(
      `SELECT event_type FROM intake.timeline_entries WHERE complaint_id = $1 AND event_type = ANY($2::text[])
       ORDER BY recorded_at, occurred_at, event_id`,
      [complaintId, types],
    );
    return rows.map((row) => row.event_type);
  }

  async setStatus(manager: EntityManager, complaintId: string, status: CopiedStatus): Promise<void> {
    await manager.query(`UPDATE intake.registrations SET status = $2 WHERE complaint_id = $1 AND status <> $2`, [complaintId, status]);
  }

  entriesOf(complaintId: string): Promise<TimelineEntryRow[]> {
    return this.dataSource.query(
      `SELECT event_id, service, event_type, occurred_at, recorded_at, actor, data
       FROM intake.timeline_entries WHERE complaint_id = $1 ORDER BY recorded_at, seq`,
      [complaintId],
    );
  }
}
