import { sqlMigration } from '@mallcare/event-store';

/** Uploaded files' metadata (the bytes are in the object store): whose mall, which case and person once registered. */
export const attachmentsMigrations = [
  sqlMigration('IntakeAttachments1764600000100', [
    `CREATE TABLE intake.attachments (
       attachment_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       file_name text NOT NULL,
       content_type text NOT NULL,
       size integer NOT NULL,
       object_key text NOT NULL,
       preview_key text,
       uploaded_by text NOT NULL,
       uploaded_at timestamptz NOT NULL,
       complaint_id uuid,
       complainant_subject_id uuid
     )`,
    `CREATE INDEX attachments_subject_idx ON intake.attachments (complainant_subject_id) WHERE complainant_subject_id IS NOT NULL`,
    `CREATE INDEX attachments_complaint_idx ON intake.attachments (complaint_id) WHERE complaint_id IS NOT NULL`,
  ]),
];
