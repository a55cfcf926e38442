import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface AttachmentRecord {
  attachmentId: string;
  mallId: string;
  fileName: string;
  contentType: string;
  size: number;
  objectKey: string;
  previewKey: string | null;
  complaintId: string | null;
}

interface AttachmentRow {
  attachment_id: string;
  mall_id: string;
  file_name: string;
  content_type: string;
  size: number;
  object_key: string;
  preview_key: string | null;
  complaint_id: string | null;
}

const toRecord = (row: AttachmentRow): AttachmentRecord => ({
  attachmentId: row.attachment_id,
  mallId: row.mall_id,
  fileName: row.file_name,
  contentType: row.content_type,
  size: row.size,
  objectKey: row.object_key,
  previewKey: row.preview_key,
  complaintId: row.complaint_id,
});

const keysOf = (rows: { object_key: string; preview_key: string | null }[]): string[] =>
  rows.flatMap((row) => (row.preview_key ? [row.object_key, row.preview_key] : [row.object_key]));

/** The SQL of intake.attachments. */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(record: AttachmentRecord, uploadedBy: string, uploadedAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO intake.attachments (attachment_id, mall_id, file_name, content_type, size, object_key, preview_key, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [record.attachmentId, record.mallId, record.fileName, record.contentType, record.size, record.objectKey, record.previewKey, uploadedBy, uploadedAt.toISOString()],
    );
  }

  async find(attachmentIds: string[], manager: EntityManager = this.dataSource.manager): Promise<AttachmentRecord[]> {
    if (attachmentIds.length === 0) return [];
    const rows: AttachmentRow[] = await manager.query(`SELECT * FROM intake.attachments WHERE attachment_id = ANY ($1::uuid[])`, [attachmentIds]);
    return rows.map(toRecord);
  }

  /** Links still unclaimed uploads of the mall to a case and its complainant; answers how many it linked. */
  async claim(manager: EntityManager, attachmentIds: string[], claim: { mallId: string; complaintId: string; subjectId: string | null }): Promise<number> {
    if (attachmentIds.length === 0) return 0;
    const rows: { attachment_id: string }[] = await manager.query(
      // As a CTE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
      `WITH linked AS (
         UPDATE intake.attachments SET complaint_id = $2, complainant_subject_id = $3
         WHERE attachment_id = ANY ($1::uuid[]) AND mall_id = $4 AND complaint_id IS NULL
         RETURNING attachment_id)
       SELECT attachment_id FROM linked`,
      [attachmentIds, claim.complaintId, claim.subjectId, claim.mallId],
    );
    return rows.length;
  }

  /** Forgets a person's files; answers the object keys to delete from the store. */
  async deleteOfSubject(manager: EntityManager, subjectId: string): Promise<string[]> {
    const rows: { object_key: string; preview_key: string | null }[] = await manager.query(
      `WITH deleted AS (DELETE FROM intake.attachments WHERE complainant_subject_id = $1 RETURNING object_key, preview_key)
       SELECT object_key, preview_key FROM deleted`,
      [subjectId],
    );
    return keysOf(rows);
  }

  /** Forgets uploads no registration named since before `cutoff`; answers the object keys to delete. */
  async deleteUnclaimedBefore(cutoff: Date): Promise<string[]> {
    const rows: { object_key: string; preview_key: string | null }[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM intake.attachments WHERE complaint_id IS NULL AND uploaded_at < $1 RETURNING object_key, preview_key)
       SELECT object_key, preview_key FROM deleted`,
      [cutoff.toISOString()],
    );
    return keysOf(rows);
  }
}
