import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The customer's look-up: a case by its number, with what its timeline says (intake's own events and the others'). */
@Injectable()
export class StatusLookupRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async byCaseNumber(caseNumber: string): Promise<{ complaint_id: string; code_hash: Buffer; kind: string; category: string; received_at: Date } | undefined> {
    const [row]: { complaint_id: string; code_hash: Buffer; kind: string; category: string; received_at: Date }[] = await this.dataSource.query(
      `SELECT c.complaint_id, c.code_hash, r.kind, r.category, r.received_at
       FROM intake.status_lookup_codes c JOIN intake.registrations r ON r.complaint_id = c.complaint_id WHERE c.case_number = $1`,
      [caseNumber],
    );
    return row;
  }

  timelineOf(complaintId: string): Promise<{ event_type: string; occurred_at: Date; data: Record<string, unknown> }[]> {
    return this.dataSource.query(
      `SELECT event_type, occurred_at, data FROM (
         SELECT event_type, occurred_at, recorded_at, 0::bigint AS seq, data FROM intake.events WHERE complaint_id = $1
         UNION ALL SELECT event_type, occurred_at, recorded_at, seq, data FROM intake.timeline_entries WHERE complaint_id = $1
       ) t ORDER BY recorded_at, seq`,
      [complaintId],
    );
  }
}
