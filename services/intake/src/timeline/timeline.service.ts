import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVENT_CATALOGUE, type Actor } from '@mallcare/contracts';
import { DataSource } from 'typeorm';
import { ComplaintsService } from '../complaints/complaints.service';

export interface TimelineEntry {
  eventId: string;
  type: string;
  service: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  data: unknown;
}

interface TimelineRow {
  event_id: string;
  service: string;
  event_type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor: Actor;
  data: unknown;
}

@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
  ) {}

  /** Intake's own events read from its log, the others' from the projection, in recording order. */
  async timeline(complaintId: string): Promise<{ complaintId: string; caseNumber: string; entries: TimelineEntry[] }> {
    const registered = await this.complaints.registration(complaintId);
    const own = (await this.complaints.ownEvents(complaintId)).map(
      (event): TimelineEntry => ({
        eventId: event.metadata.eventId,
        type: event.type,
        service: EVENT_CATALOGUE[event.type].producer,
        occurredAt: event.metadata.occurredAt,
        recordedAt: event.metadata.recordedAt,
        actor: event.metadata.actor,
        data: event.data,
      }),
    );
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT event_id, service, event_type, occurred_at, recorded_at, actor, data
       FROM intake.timeline_entries WHERE complaint_id = $1 ORDER BY recorded_at, seq`,
      [complaintId],
    );
    const others = rows.map(
      (row): TimelineEntry => ({
        eventId: row.event_id,
        type: row.event_type,
        service: row.service,
        occurredAt: new Date(row.occurred_at).toISOString(),
        recordedAt: new Date(row.recorded_at).toISOString(),
        actor: row.actor,
        data: row.data,
      }),
    );
    const entries = [...own, ...others].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
    return { complaintId, caseNumber: registered.data.caseNumber, entries };
  }
}
