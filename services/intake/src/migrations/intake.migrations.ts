import { sqlMigration } from '@mallcare/event-store';

export const intakeMigrations = [
  sqlMigration('IntakeReadModels1763900000100', [
    `CREATE TABLE intake.case_number_counters (
       mall_id text NOT NULL,
       day date NOT NULL,
       last integer NOT NULL,
       PRIMARY KEY (mall_id, day)
     )`,
    `CREATE TABLE intake.timeline_entries (
       seq bigint GENERATED ALWAYS AS IDENTITY,
       event_id uuid PRIMARY KEY,
       complaint_id uuid NOT NULL,
       service text NOT NULL,
       event_type text NOT NULL,
       occurred_at timestamptz NOT NULL,
       recorded_at timestamptz NOT NULL,
       actor jsonb NOT NULL,
       data jsonb NOT NULL
     )`,
    `CREATE INDEX timeline_entries_complaint_idx ON intake.timeline_entries (complaint_id, recorded_at)`,
  ]),
  sqlMigration('IntakeCasesAndPersonalData1763900000200', [
    // Every case intake opened (registrations and collective cases): the list, the repeat and
    // collective matching, and mall checks read it. Written with the events, in one transaction.
    `CREATE TABLE intake.registrations (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       case_number text NOT NULL UNIQUE,
       kind text NOT NULL,
       channel text,
       category text NOT NULL,
       complainant_type text NOT NULL,
       complainant_subject_id uuid,
       matter_key text,
       tenant_key text NOT NULL,
       received_at timestamptz NOT NULL,
       registered_at timestamptz NOT NULL DEFAULT now(),
       written boolean NOT NULL,
       status text NOT NULL CHECK (status IN ('open', 'resolved', 'closed')),
       is_collective boolean NOT NULL DEFAULT false,
       collective_id uuid,
       times_raised integer NOT NULL DEFAULT 1,
       group_size integer,
       owning_department_id text,
       handling_department_id text,
       policy_version text NOT NULL
     )`,
    `CREATE INDEX registrations_mall_received_idx ON intake.registrations (mall_id, received_at DESC, complaint_id)`,
    `CREATE INDEX registrations_received_idx ON intake.registrations (received_at DESC, complaint_id)`,
    `CREATE INDEX registrations_subject_idx ON intake.registrations (complainant_subject_id) WHERE complainant_subject_id IS NOT NULL`,
    `CREATE INDEX registrations_matter_idx ON intake.registrations (mall_id, category, matter_key, received_at) WHERE matter_key IS NOT NULL`,
    `CREATE INDEX registrations_collective_idx ON intake.registrations (collective_id) WHERE collective_id IS NOT NULL`,
    // Personal data, never in events: one row per person with their data key wrapped by the master
    // key (NULL once erased), the phone blind index, and the encrypted fields of each registration.
    `CREATE TABLE intake.subjects (
       subject_id uuid PRIMARY KEY,
       wrapped_key bytea,
       created_at timestamptz NOT NULL DEFAULT now(),
       erased_at timestamptz,
       erased_by text
     )`,
    `CREATE TABLE intake.subject_phones (
       blind_index text PRIMARY KEY,
       subject_id uuid NOT NULL REFERENCES intake.subjects (subject_id)
     )`,
    `CREATE INDEX subject_phones_subject_idx ON intake.subject_phones (subject_id)`,
    `CREATE TABLE intake.personal_records (
       record_id uuid NOT NULL,
       field text NOT NULL,
       subject_id uuid NOT NULL REFERENCES intake.subjects (subject_id),
       complaint_id uuid NOT NULL,
       sealed bytea NOT NULL,
       PRIMARY KEY (record_id, field)
     )`,
    `CREATE INDEX personal_records_complaint_idx ON intake.personal_records (complaint_id)`,
    `CREATE INDEX personal_records_subject_idx ON intake.personal_records (subject_id)`,
    // Cases registered before this read model existed (issue 2, version-1 events) are listed too.
    `INSERT INTO intake.registrations (complaint_id, mall_id, case_number, kind, channel, category, complainant_type, tenant_key,
       received_at, registered_at, written, status, owning_department_id, handling_department_id, policy_version)
     SELECT e.complaint_id, e.mall_id, e.data->>'caseNumber', e.data->>'kind', e.data->>'channel', e.data->>'category',
            e.data->>'complainantType', 'registration:' || e.complaint_id, (e.data->>'receivedAt')::timestamptz, e.recorded_at,
            e.data->>'channel' = 'letter',
            CASE WHEN EXISTS (SELECT 1 FROM intake.timeline_entries t WHERE t.complaint_id = e.complaint_id AND t.event_type = 'CaseResolved')
                 THEN 'resolved' ELSE 'open' END,
            (SELECT t.data->>'owningDepartmentId' FROM intake.timeline_entries t WHERE t.complaint_id = e.complaint_id AND t.event_type = 'CaseRouted' LIMIT 1),
            (SELECT t.data->>'handlingDepartmentId' FROM intake.timeline_entries t WHERE t.complaint_id = e.complaint_id AND t.event_type = 'CaseRouted' LIMIT 1),
            coalesce(e.data->>'policyVersion', 'group-default-2026.1')
     FROM intake.events e WHERE e.event_type = 'ComplaintRegistered'
     ON CONFLICT DO NOTHING`,
    // Idempotency-Key per mall: the first answer, kept to be given again.
    `CREATE TABLE intake.idempotency_keys (
       mall_id text NOT NULL,
       idempotency_key text NOT NULL,
       fingerprint text NOT NULL,
       status integer,
       response jsonb,
       created_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (mall_id, idempotency_key)
     )`,
  ]),
  // The customer's status lookup (DOMAIN §10): only the hash of each case's code.
  sqlMigration('IntakeStatusLookupCodes1763900000900', [
    `CREATE TABLE intake.status_lookup_codes (
       complaint_id uuid PRIMARY KEY,
       case_number text NOT NULL UNIQUE,
       code_hash bytea NOT NULL
     )`,
  ]),
  // Who recorded each registration (its channel details' recordedBy), so a desk lists its own day's work.
  sqlMigration('IntakeRegistrationRecorder1764700000100', [
    `ALTER TABLE intake.registrations ADD COLUMN recorded_by text`,
    `UPDATE intake.registrations r SET recorded_by = coalesce(e.data->'channelDetails'->>'recordedBy', e.metadata->'actor'->>'id')
     FROM intake.events e
     WHERE e.complaint_id = r.complaint_id AND e.event_type = 'ComplaintRegistered' AND r.recorded_by IS NULL`,
    `CREATE INDEX registrations_recorder_idx ON intake.registrations (recorded_by, received_at DESC, complaint_id) WHERE recorded_by IS NOT NULL`,
  ]),
];
