import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntakeException, IntakeExceptionCode } from '../complaints/intake.exception';
import { PERSONAL_DATA_KEYS } from '../personal-data/personal-data.keys';
import type { PersonalDataKeys } from '../personal-data/personal-data.crypto';
import { customerStatusOf, hashLookupCode, lookupCodeFor, lookupCodeKey, lookupCodeMatches, LookupThrottle, type CustomerCaseStatus } from './case-status';

const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;

/** The customer's own view of their case (DOMAIN §10): by case number and the code they got at registration. */
@Injectable()
export class StatusLookupService {
  private readonly key: Buffer;
  private readonly throttle = new LookupThrottle(MAX_FAILURES, WINDOW_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PERSONAL_DATA_KEYS) keys: PersonalDataKeys,
  ) {
    this.key = lookupCodeKey(keys.fingerprint);
  }

  /**
   * The case's code, and the statement that keeps its hash (the same code again for a repeat or a
   * replay: a case keeps its first), to run alongside the registration's append, parameters
   * numbered from `firstParam`.
   */
  issueAlongside(complaintId: string, caseNumber: string, firstParam: number): { code: string; statement: string; params: unknown[] } {
    const code = lookupCodeFor(this.key, complaintId);
    const [id, number, hash] = [firstParam, firstParam + 1, firstParam + 2].map((n) => `$${n}`);
    return {
      code,
      statement: `INSERT INTO intake.status_lookup_codes (complaint_id, case_number, code_hash) VALUES (${id}::uuid, ${number}::text, ${hash}::bytea) ON CONFLICT (complaint_id) DO NOTHING`,
      params: [complaintId, caseNumber, hashLookupCode(complaintId, code)],
    };
  }

  codeFor(complaintId: string): string {
    return lookupCodeFor(this.key, complaintId);
  }

  /** A wrong code and an unknown case answer alike (404); too many failures from a caller or on a case, 429. */
  async lookup(caseNumber: string, code: string, caller: string, now = Date.now()): Promise<CustomerCaseStatus> {
    const keys = [`case:${caseNumber}`, `caller:${caller}`];
    if (this.throttle.blocked(keys, now)) throw new HttpException('too many failed lookups: try again later', HttpStatus.TOO_MANY_REQUESTS);
    const [row]: { complaint_id: string; code_hash: Buffer; kind: string; category: string; received_at: Date }[] = await this.dataSource.query(
      `SELECT c.complaint_id, c.code_hash, r.kind, r.category, r.received_at
       FROM intake.status_lookup_codes c JOIN intake.registrations r ON r.complaint_id = c.complaint_id WHERE c.case_number = $1`,
      [caseNumber],
    );
    if (!row || !lookupCodeMatches(row.code_hash, row.complaint_id, code)) {
      this.throttle.fail(keys, now);
      throw new IntakeException(IntakeExceptionCode.ComplaintNotFound, 'no case with this number and code');
    }
    const timeline: { event_type: string; occurred_at: Date; data: Record<string, unknown> }[] = await this.dataSource.query(
      `SELECT event_type, occurred_at, data FROM (
         SELECT event_type, occurred_at, recorded_at, 0::bigint AS seq, data FROM intake.events WHERE complaint_id = $1
         UNION ALL SELECT event_type, occurred_at, recorded_at, seq, data FROM intake.timeline_entries WHERE complaint_id = $1
       ) t ORDER BY recorded_at, seq`,
      [row.complaint_id],
    );
    return customerStatusOf(
      { caseNumber, kind: row.kind, category: row.category, receivedAt: new Date(row.received_at).toISOString() },
      timeline.map((fact) => ({ eventType: fact.event_type, occurredAt: new Date(fact.occurred_at).toISOString(), data: fact.data })),
    );
  }
}
