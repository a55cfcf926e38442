import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The handling department of cases, from the work queue: one query per batch of changes, not per connection. */
@Injectable()
export class LiveDepartmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handlingDepartments(complaintIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(complaintIds.filter((id) => UUID.test(id)))];
    if (ids.length === 0) return new Map();
    const rows: { complaint_id: string; handling_department_id: string | null }[] = await this.dataSource.query(
      `SELECT complaint_id::text AS complaint_id, handling_department_id FROM routing.case_queue WHERE complaint_id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Map(rows.filter((row) => row.handling_department_id !== null).map((row) => [row.complaint_id, row.handling_department_id as string]));
  }
}
