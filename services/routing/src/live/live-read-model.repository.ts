import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuids = (ids: string[]): string[] => [...new Set(ids.filter((id) => UUID.test(id)))];

/** What the live feed asks of the work queue: one query per batch of changes, not per connection. */
@Injectable()
export class LiveReadModelRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The handling department of cases. */
  async handlingDepartments(complaintIds: string[]): Promise<Map<string, string>> {
    const ids = uuids(complaintIds);
    if (ids.length === 0) return new Map();
    const rows: { complaint_id: string; handling_department_id: string | null }[] = await this.dataSource.query(
      `SELECT complaint_id::text AS complaint_id, handling_department_id FROM routing.case_queue WHERE complaint_id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(rows.filter((row) => row.handling_department_id !== null).map((row) => [row.complaint_id, row.handling_department_id as string]));
  }

  /** Which of these events routing's consumers have applied: their inbox row commits with the work queue's change. */
  async applied(eventIds: string[]): Promise<Set<string>> {
    const ids = uuids(eventIds);
    if (ids.length === 0) return new Set();
    const rows: { event_id: string }[] = await this.dataSource.query(`SELECT event_id::text AS event_id FROM routing.inbox WHERE event_id = ANY ($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.event_id));
  }
}
