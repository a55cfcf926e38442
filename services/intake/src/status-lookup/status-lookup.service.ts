import { Inject, Injectable } from '@nestjs/common';
import { Clock, FailureCounter, retryAfterSeconds, SERVICE_CONFIG, type ServiceConfig } from '@mallcare/platform';
import type { StatusCode } from '../complaints/registration.repository';
import { IntakeException } from '../intake.exception';
import { PERSONAL_DATA_KEYS } from '../personal-data/personal-data.keys';
import type { PersonalDataKeys } from '../personal-data/personal-data.crypto';
import { StatusLookupRepository } from './status-lookup.repository';
import { customerStatusOf, hashLookupCode, lookupCodeFor, lookupCodeKey, lookupCodeMatches, type CustomerCaseStatus } from './case-status';

/** The customer's own view of their case (DOMAIN §10): by case number and the code they got at registration. */
@Injectable()
export class StatusLookupService {
  private readonly key: Buffer;

  constructor(
    private readonly repository: StatusLookupRepository,
    @Inject(PERSONAL_DATA_KEYS) keys: PersonalDataKeys,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly failures: FailureCounter,
    private readonly clock: Clock,
  ) {
    this.key = lookupCodeKey(keys.fingerprint);
  }

  /** The case's code for its customer, and what is kept of it (the same code again for a repeat or a replay: a case keeps its first). */
  issue(complaintId: string, caseNumber: string): { code: string; stored: StatusCode } {
    const code = lookupCodeFor(this.key, complaintId);
    return { code, stored: { complaintId, caseNumber, hash: hashLookupCode(complaintId, code) } };
  }

  codeFor(complaintId: string): string {
    return lookupCodeFor(this.key, complaintId);
  }

  /**
   * A wrong code and an unknown case answer alike (404). Failures are counted in PostgreSQL (every
   * instance sees them) per case number and client address, and per client over all cases: too many
   * is 429 for that client only, so nobody can lock a case for its customer.
   */
  async lookup(caseNumber: string, code: string, caller: string, now = this.clock.now()): Promise<CustomerCaseStatus> {
    const { maxFailures, callerMaxFailures, windowSeconds } = this.config.throttle.publicLookup;
    const onCase = { key: `lookup:${caseNumber}:${caller}`, rule: { maxFailures, windowSeconds, lockSeconds: windowSeconds } };
    const byCaller = { key: `lookup-caller:${caller}`, rule: { maxFailures: callerMaxFailures, windowSeconds, lockSeconds: windowSeconds } };
    const locked = await this.failures.lockedUntil([onCase.key, byCaller.key], now);
    if (locked) throw this.tooMany(locked, now);
    const row = await this.repository.byCaseNumber(caseNumber);
    if (!row || !lookupCodeMatches(row.code_hash, row.complaint_id, code)) {
      for (const { key, rule } of [onCase, byCaller]) await this.failures.recordFailure(key, now, rule);
      throw new IntakeException('INTAKE_COMPLAINT_NOT_FOUND', 'no case with this number and code');
    }
    const timeline = await this.repository.timelineOf(row.complaint_id);
    return customerStatusOf(
      { caseNumber, kind: row.kind, category: row.category, receivedAt: new Date(row.received_at).toISOString() },
      timeline.map((fact) => ({ eventType: fact.event_type, occurredAt: new Date(fact.occurred_at).toISOString(), data: fact.data })),
    );
  }

  private tooMany(until: Date, now: Date): IntakeException {
    return new IntakeException('INTAKE_LOOKUP_THROTTLED', 'too many failed lookups: try again later', { retryAfterSeconds: retryAfterSeconds(until, now) });
  }
}
