import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Category, ComplaintEvent, NewEvent } from '@mallcare/contracts';
import { joinSql, PostgresEventStore, preparedQuery, renderSql, sql, type AppendContext, type Sql } from '@mallcare/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import { judgeRepeatedKey, type IdempotencyClaim, type StoredAnswer } from '../idempotency/idempotency';
import type { MatterMemberRow, OpenCaseRow } from '../matters/matter.projection';
import type { SealedRecords, SubjectRow } from '../personal-data/personal-data.store';

export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;

/** The registration's read-model row (intake.registrations), as written with its ComplaintRegistered. */
export interface RegistrationRow {
  complaintId: string;
  mallId: string;
  caseNumber: string;
  kind: string;
  channel: string;
  category: string;
  complainantType: string;
  complainantSubjectId: string | null;
  matterKey: string | null;
  tenantKey: string;
  receivedAt: Date | string;
  written: boolean;
  status: 'open' | 'closed';
  groupSize: number | null;
  policyVersion: string;
  recordedBy: string | null;
}

/** A case's status code for its customer: only the hash is kept. */
export interface StatusCode {
  complaintId: string;
  caseNumber: string;
  hash: Buffer;
}

/** The part of pg's PoolClient a transaction of our own needs (a simple query of several statements answers with one result each). */
interface TransactionClient {
  query(text: string): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}

const subjectLockKey = (blindIndex: string): string => `intake:subject:${blindIndex}`;

/**
 * Every statement one registration sends (DOMAIN §3), in the order it sends them, all in one
 * READ COMMITTED transaction. Locks are taken in one order everywhere: the person, the idempotency
 * key, the matter, then the mall's case-number counter (held until commit, so it comes last).
 *
 *   1. BEGIN, the person's lock by phone and the person found by it           `transaction`
 *   2. the Idempotency-Key claimed (when given)                                `claimIdempotencyKey`
 *   3. a known person's open cases: the same matter again is a repeat          `openCasesOf`
 *      4r. a repeat: ComplaintRepeated, the case's count and status code       `appendRepeat`
 *          with the person's sealed fields                                     `writePersonalRecords`
 *   4. a matter's lock and its members (a complaint with a matter key)         `lockMatter`, `matterMembers`
 *   5. the mall's case-number counter, with a new person and their sealed
 *      fields (unless the matter lock came between: then on their own)         `nextCaseNumber`
 *   6. ComplaintRegistered, the registration row and the status code           `appendRegistration`
 *   7. a collective case raised or joined, each with its row                   `appendCollectiveRaised`, `appendJoinedCollective`
 *   8. the uploads claimed for the case (AttachmentsRepository.claim)
 *   9. the answer kept under the Idempotency-Key                               `recordIdempotentAnswer`
 *   COMMIT
 *
 * Usual path (a walk-in with a new phone number, no matter, no key): 1, 5, 6 and COMMIT, four round trips.
 */
@Injectable()
export class RegistrationRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  /**
   * 1. Like `dataSource.transaction`, a round trip shorter: the person's lock and look-up go with the
   * BEGIN as one simple query. Each statement of it sees what was committed before it started, so the
   * look-up sees a registration of the same person that the lock waited for.
   */
  async transaction<T>(phoneBlindIndex: string | null, work: (manager: EntityManager, person: SubjectRow | undefined) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const client: TransactionClient = await runner.connect();
    try {
      const results = await client.query(phoneBlindIndex === null ? 'BEGIN' : `BEGIN; ${lockAndFindByPhone(phoneBlindIndex)}`);
      const person = Array.isArray(results) ? (results[results.length - 1].rows[0] as SubjectRow | undefined) : undefined;
      const result = await work(runner.manager, person);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // As TypeORM's own transaction does: a failed rollback leaves the first error to report.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** 2. A second request with the key waits for the first one's transaction, then finds its answer; if the first rolled back, it claims the key itself. */
  async claimIdempotencyKey<T>(manager: EntityManager, mallId: string, key: string, fingerprint: string): Promise<IdempotencyClaim<T>> {
    const claimed: unknown[] = await manager.query(
      `INSERT INTO intake.idempotency_keys (mall_id, idempotency_key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (mall_id, idempotency_key) DO NOTHING RETURNING 1`,
      [mallId, key, fingerprint],
    );
    if (claimed.length > 0) return { type: 'claimed' };
    const [row]: { fingerprint: string; status: number | null; response: T | null }[] = await manager.query(
      `SELECT fingerprint, status, response FROM intake.idempotency_keys WHERE mall_id = $1 AND idempotency_key = $2`,
      [mallId, key],
    );
    return judgeRepeatedKey({ fingerprint: row.fingerprint, status: row.status, response: row.response }, fingerprint);
  }

  /** 3. The person's open cases (collective cases carry no person), read under the person's lock. */
  openCasesOf(manager: EntityManager, subjectId: string): Promise<OpenCaseRow[]> {
    return manager.query(
      `SELECT complaint_id, mall_id, case_number, category, kind, received_at, times_raised FROM intake.registrations
       WHERE complainant_subject_id = $1 AND status = 'open' AND NOT is_collective`,
      [subjectId],
    );
  }

  /** 4r. The repeat on the open case, its count on the read model and the case's status code (a case keeps its first): one statement. */
  async appendRepeat(manager: EntityManager, repeat: { event: NewEvent; context: AppendContext; repeatCount: number; code: StatusCode }): Promise<void> {
    const { complaintId } = repeat.context;
    await this.store.append(complaintStreamId(complaintId), [repeat.event], repeat.context, 'any', manager, {
      name: 'intake-repeat',
      statements: [sql`UPDATE intake.registrations SET times_raised = ${repeat.repeatCount}::int WHERE complaint_id = ${complaintId}::uuid`, statusCodeInsert(repeat.code)],
    });
  }

  /** 4r, or before 4: the person's sealed fields on their own (a new person with them). */
  async writePersonalRecords(manager: EntityManager, records: SealedRecords): Promise<void> {
    const ctes = personalRecordsCtes(records);
    if (ctes) await this.prepared(manager, `intake-keep-${ctes.name}`, sql`WITH ${ctes.sql} SELECT 1`);
  }

  /** 4. Taken before the matter's members are read, so of two registrations completing a collective only one raises it. */
  async lockMatter(manager: EntityManager, matter: { mallId: string; category: Category; matterKey: string }): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`intake:matter:${matter.mallId}/${matter.category}/${matter.matterKey}`]);
  }

  /** 4. The matter's registrations received within the window around `from`–`to`, and the collective cases they joined. */
  async matterMembers(
    manager: EntityManager,
    matter: { mallId: string; category: Category; matterKey: string },
    from: Date,
    to: Date,
  ): Promise<{ members: MatterMemberRow[]; collectives: { complaint_id: string; case_number: string; status: string }[] }> {
    const members: MatterMemberRow[] = await manager.query(
      `SELECT complaint_id, tenant_key, received_at, complainant_type, written, collective_id FROM intake.registrations
       WHERE mall_id = $1 AND category = $2 AND matter_key = $3 AND kind = 'complaint' AND NOT is_collective
         AND received_at BETWEEN $4 AND $5`,
      [matter.mallId, matter.category, matter.matterKey, from, to],
    );
    const collectiveIds = [...new Set(members.map((member) => member.collective_id).filter((id): id is string => id !== null))];
    const collectives: { complaint_id: string; case_number: string; status: string }[] =
      collectiveIds.length === 0
        ? []
        : await manager.query(`SELECT complaint_id, case_number, status FROM intake.registrations WHERE complaint_id = ANY($1::uuid[])`, [collectiveIds]);
    return { members, collectives };
  }

  /**
   * 5. The mall's next number for the day (unique and without gaps: the counter row stays locked until
   * commit). A new person and their sealed fields, when given, are written in the same statement.
   */
  async nextCaseNumber(manager: EntityManager, mallId: string, day: string, person: SealedRecords | null): Promise<number> {
    const ctes = person ? personalRecordsCtes(person) : null;
    const counter = sql`INSERT INTO intake.case_number_counters (mall_id, day, last) VALUES (${mallId}, ${day}::date, 1)
       ON CONFLICT (mall_id, day) DO UPDATE SET last = intake.case_number_counters.last + 1
       RETURNING last`;
    const [{ last }] = await this.prepared<{ last: number }>(
      manager,
      ctes ? `intake-case-number-next-after-${ctes.name}` : 'intake-case-number-next',
      ctes ? sql`WITH ${ctes.sql} ${counter}` : counter,
    );
    return last;
  }

  /** 6. The case's events, its read-model row and its status code: one statement while the counter is held. */
  async appendRegistration(manager: EntityManager, registration: { events: NewEvent[]; context: AppendContext; row: RegistrationRow; code: StatusCode }): Promise<ComplaintEvent[]> {
    const { events, context, row, code } = registration;
    const appended = await this.store.append(complaintStreamId(row.complaintId), events, context, 0, manager, {
      name: 'intake-registration',
      statements: [
        sql`INSERT INTO intake.registrations (complaint_id, mall_id, case_number, kind, channel, category, complainant_type, complainant_subject_id,
              matter_key, tenant_key, received_at, written, status, group_size, policy_version, recorded_by)
            VALUES (${row.complaintId}::uuid, ${row.mallId}::text, ${row.caseNumber}::text, ${row.kind}::text, ${row.channel}::text, ${row.category}::text,
              ${row.complainantType}::text, ${row.complainantSubjectId}::uuid, ${row.matterKey}::text, ${row.tenantKey}::text, ${row.receivedAt}::timestamptz,
              ${row.written}::boolean, ${row.status}::text, ${row.groupSize}::int, ${row.policyVersion}::text, ${row.recordedBy}::text)`,
        statusCodeInsert(code),
      ],
    });
    return appended.events;
  }

  /** 7. A collective case raised by this registration, and its row. */
  async appendCollectiveRaised(
    manager: EntityManager,
    raised: { event: NewEvent; context: AppendContext; row: Omit<RegistrationRow, 'kind' | 'channel' | 'complainantSubjectId' | 'status' | 'recordedBy'> },
  ): Promise<void> {
    const { row } = raised;
    await this.store.append(complaintStreamId(row.complaintId), [raised.event], raised.context, 0, manager);
    await manager.query(
      `INSERT INTO intake.registrations (complaint_id, mall_id, case_number, kind, channel, category, complainant_type, complainant_subject_id,
         matter_key, tenant_key, received_at, written, status, is_collective, group_size, policy_version)
       VALUES ($1, $2, $3, 'complaint', NULL, $4, $5, NULL, $6, $7, $8, $9, 'open', true, $10, $11)`,
      [row.complaintId, row.mallId, row.caseNumber, row.category, row.complainantType, row.matterKey, row.tenantKey, row.receivedAt, row.written, row.groupSize, row.policyVersion],
    );
  }

  /** 7. A member case joined to its collective one, on its stream and its row. */
  async appendJoinedCollective(manager: EntityManager, joined: { event: NewEvent; context: AppendContext; collectiveId: string }): Promise<void> {
    const { complaintId } = joined.context;
    await this.store.append(complaintStreamId(complaintId), [joined.event], joined.context, 'any', manager);
    await manager.query(`UPDATE intake.registrations SET collective_id = $2 WHERE complaint_id = $1`, [complaintId, joined.collectiveId]);
  }

  /** 9. The answer a replay of the key gets. */
  async recordIdempotentAnswer<T>(manager: EntityManager, mallId: string, key: string, answer: StoredAnswer<T>): Promise<void> {
    await manager.query(`UPDATE intake.idempotency_keys SET status = $3, response = $4 WHERE mall_id = $1 AND idempotency_key = $2`, [
      mallId,
      key,
      answer.status,
      JSON.stringify(answer.body),
    ]);
  }

  private prepared<Row>(manager: EntityManager, name: string, statement: Sql): Promise<Row[]> {
    const { text, values } = renderSql(statement);
    return preparedQuery<Row>({ manager }, name, text, values);
  }
}

/** 1. SQL text without parameters, to go with the BEGIN: the blind index is spliced in, so it must be what phoneBlindIndex makes. */
const lockAndFindByPhone = (blindIndex: string): string => {
  if (!/^[0-9a-f]{64}$/.test(blindIndex)) throw new Error('a blind index is 64 hex digits');
  return `SELECT pg_advisory_xact_lock(hashtextextended('${subjectLockKey(blindIndex)}', 0));
    SELECT s.subject_id, s.wrapped_key, s.erased_at FROM intake.subject_phones p
    JOIN intake.subjects s ON s.subject_id = p.subject_id
    WHERE p.blind_index = '${blindIndex}' FOR UPDATE OF s`;
};

const statusCodeInsert = (code: StatusCode): Sql =>
  sql`INSERT INTO intake.status_lookup_codes (complaint_id, case_number, code_hash) VALUES (${code.complaintId}::uuid, ${code.caseNumber}::text, ${code.hash}::bytea)
      ON CONFLICT (complaint_id) DO NOTHING`;

/**
 * Sealed records as CTEs (`subject`, `phone` for a new person; `records`); null when there is nothing
 * to write. `name` tells the two texts apart (a prepared statement's name stands for one text).
 */
const personalRecordsCtes = (records: SealedRecords): { name: string; sql: Sql } | null => {
  const fields = sql`unnest(${records.fields}::text[], ${records.sealed}::bytea[]) AS f(field, sealed)`;
  if (records.unsaved) {
    const { wrappedKey, blindIndex } = records.unsaved;
    return {
      name: 'new-person',
      sql: joinSql(
        [
          sql`subject AS (INSERT INTO intake.subjects (subject_id, wrapped_key) VALUES (${records.subjectId}::uuid, ${wrappedKey}::bytea) RETURNING subject_id)`,
          sql`phone AS (INSERT INTO intake.subject_phones (blind_index, subject_id) SELECT ${blindIndex}::text, subject_id FROM subject WHERE ${blindIndex}::text IS NOT NULL)`,
          sql`records AS (INSERT INTO intake.personal_records (record_id, field, subject_id, complaint_id, sealed)
              SELECT ${records.recordId}::uuid, f.field, subject.subject_id, ${records.complaintId}::uuid, f.sealed FROM subject, ${fields})`,
        ],
        ',\n       ',
      ),
    };
  }
  if (records.fields.length === 0) return null;
  return {
    name: 'known-person',
    sql: sql`records AS (INSERT INTO intake.personal_records (record_id, field, subject_id, complaint_id, sealed)
       SELECT ${records.recordId}::uuid, f.field, ${records.subjectId}::uuid, ${records.complaintId}::uuid, f.sealed FROM ${fields})`,
  };
};
