import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Category, Channel, ComplainantType, ComplaintKind } from '@mallcare/contracts';
import { joinSql, renderSql, sql, type Sql } from '@mallcare/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseStatus, ListComplaintsQuery } from './list-complaints.query';

/** A row of intake.registrations, the read model of every case intake registered. */
export interface RegistrationRow {
  complaint_id: string;
  mall_id: string;
  case_number: string;
  kind: ComplaintKind;
  channel: Channel | null;
  category: Category;
  complainant_type: ComplainantType;
  complainant_subject_id: string | null;
  matter_key: string | null;
  received_at: Date;
  registered_at: Date;
  written: boolean;
  status: CaseStatus;
  is_collective: boolean;
  collective_id: string | null;
  times_raised: number;
  group_size: number | null;
  owning_department_id: string | null;
  handling_department_id: string | null;
  policy_version: string;
  recorded_by: string | null;
}

/** Staff's reads of intake.registrations (the writes are RegistrationRepository's). */
@Injectable()
export class ComplaintsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async byId(complaintId: string): Promise<RegistrationRow | undefined> {
    const [row]: RegistrationRow[] = await this.dataSource.query(`SELECT * FROM intake.registrations WHERE complaint_id = $1`, [complaintId]);
    return row;
  }

  /** The cases joined to a collective one, in the order received. */
  membersOf(collectiveId: string): Promise<{ complaint_id: string; case_number: string; received_at: Date; tenant_key: string }[]> {
    return this.dataSource.query(`SELECT complaint_id, case_number, received_at, tenant_key FROM intake.registrations WHERE collective_id = $1 ORDER BY received_at, complaint_id`, [
      collectiveId,
    ]);
  }

  async caseNumberOf(complaintId: string): Promise<string | null> {
    const [row]: { case_number: string }[] = await this.dataSource.query(`SELECT case_number FROM intake.registrations WHERE complaint_id = $1`, [complaintId]);
    return row?.case_number ?? null;
  }

  /** A page of the cases that match, newest first, and how many match in all. */
  async list(filter: Omit<ListComplaintsQuery, 'mallId' | 'limit' | 'offset'> & { mallId?: string }, limit: number, offset: number): Promise<{ rows: RegistrationRow[]; total: number }> {
    const conditions: Sql[] = [];
    if (filter.mallId) conditions.push(sql`mall_id = ${filter.mallId}`);
    if (filter.kind) conditions.push(sql`kind = ${filter.kind}`);
    if (filter.channel) conditions.push(sql`channel = ${filter.channel}`);
    if (filter.category) conditions.push(sql`category = ${filter.category}`);
    if (filter.status) conditions.push(sql`status = ${filter.status}`);
    if (filter.recordedBy) conditions.push(sql`recorded_by = ${filter.recordedBy}`);
    if (filter.collective) conditions.push(sql`is_collective = ${filter.collective === 'true'}`);
    if (filter.from) conditions.push(sql`received_at >= ${filter.from}`);
    if (filter.to) conditions.push(sql`received_at < ${filter.to}`);
    const where = conditions.length > 0 ? sql`WHERE ${joinSql(conditions, ' AND ')}` : sql``;
    const page = renderSql(sql`SELECT * FROM intake.registrations ${where} ORDER BY received_at DESC, complaint_id LIMIT ${limit} OFFSET ${offset}`);
    const count = renderSql(sql`SELECT count(*)::int AS total FROM intake.registrations ${where}`);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(page.text, page.values) as Promise<RegistrationRow[]>,
      this.dataSource.query(count.text, count.values) as Promise<{ total: number }[]>,
    ]);
    return { rows, total };
  }

  /** A person's cases, oldest first (an erasure's). */
  casesOfSubject(manager: EntityManager, subjectId: string): Promise<{ complaint_id: string; mall_id: string }[]> {
    return manager.query(`SELECT complaint_id, mall_id FROM intake.registrations WHERE complainant_subject_id = $1 ORDER BY received_at`, [subjectId]);
  }
}
