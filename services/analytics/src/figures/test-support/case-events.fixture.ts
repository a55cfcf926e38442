import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE, type ComplaintEvent, type ComplaintEventType, type ComplaintKind, type EventData, type SatisfactionLevel, type Validity } from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY, type GroupPolicy, type MallPolicy } from '@mallcare/policy';
import { storedEvent } from '@mallcare/testing';
import { foldCasePath } from '../case-path.fold';
import type { CaseRecord } from '../case-record';

/** The seed plus a mall on the US west coast, so a time-zone bug cannot hide behind Shanghai = group zone. */
export const TEST_POLICY: GroupPolicy = {
  ...SAMPLE_GROUP_POLICY,
  malls: [...SAMPLE_GROUP_POLICY.malls, { ...(SAMPLE_GROUP_POLICY.malls[0] as MallPolicy), id: 'LA01', name: '洛杉矶店', nameEn: 'Los Angeles', city: 'Los Angeles', timeZone: 'America/Los_Angeles' }],
};

/** The case record folded from a case's log, under TEST_POLICY. */
export const recordOf = (log: CaseLog): CaseRecord => {
  const record = foldCasePath(log.events, TEST_POLICY);
  if (record === null) throw new Error('no registration in the log');
  return record;
};

/** Builds one case's log in order: each helper appends an event happening at `at`. */
export class CaseLog {
  readonly complaintId = randomUUID();
  readonly events: ComplaintEvent[] = [];

  constructor(readonly mallId = 'SH01') {}

  /** The case number a registration or collective of this log carries. */
  get caseNumber(): string {
    return `${this.mallId}-20261123-${this.complaintId.slice(0, 4).replace(/\D/g, '0')}${this.complaintId.slice(4, 8).replace(/\D/g, '0')}`;
  }

  private add<T extends ComplaintEventType>(type: T, data: EventData<T>, at: string): this {
    // One stream per producing service, as in the real logs.
    const streamId = `${EVENT_CATALOGUE[type].producer}-${this.complaintId}`;
    const streamPosition = this.events.filter((event) => event.metadata.streamId === streamId).length + 1;
    this.events.push(
      storedEvent(type, data, { complaintId: this.complaintId, mallId: this.mallId, occurredAt: at, recordedAt: at, streamId, streamPosition }) as ComplaintEvent,
    );
    return this;
  }

  registered(receivedAt: string, kind: ComplaintKind = 'complaint', extra: Partial<EventData<'ComplaintRegistered'>> = {}): this {
    return this.add(
      'ComplaintRegistered',
      {
        caseNumber: `${this.mallId}-20261123-${String(this.events.length + 1000)}`,
        channel: 'phone',
        kind,
        category: 'service-attitude',
        complainantType: 'consumer',
        description: '店员态度差',
        receivedAt,
        written: false,
        complainantSubjectId: null,
        matterKey: null,
        channelDetails: {},
        attachments: [],
        policyVersion: 'test-r1',
        ...extra,
      },
      receivedAt,
    );
  }

  /** This case is a collective case intake raised from `members` (its receivedAt is the earliest member's). */
  collectiveRaised(receivedAt: string, members: readonly CaseLog[], detectedAt = receivedAt): this {
    return this.add(
      'CollectiveComplaintRaised',
      {
        caseNumber: this.caseNumber,
        category: 'engineering-equipment',
        complainantType: 'street-shop-tenant',
        matterKey: 'b1-power',
        description: '五家商户停电',
        receivedAt,
        detectedAt,
        trigger: 'distinct-tenants',
        members: members.map((member) => member.complaintId),
        distinctTenants: members.length,
        written: false,
        windowMinutes: 60,
        minDistinctTenants: 5,
        policyVersion: 'test-r1',
      },
      detectedAt,
    );
  }

  /** This registration joined `collective`. */
  joinedCollective(at: string, collective: CaseLog): this {
    return this.add('ComplaintJoinedCollective', { collectiveComplaintId: collective.complaintId, collectiveCaseNumber: collective.caseNumber, distinctTenants: 5 }, at);
  }

  inquiryAnswered(at: string, answeredBy = 'desk-1'): this {
    return this.add('InquiryAnswered', { answer: '营业时间 10:00–22:00', answeredBy }, at);
  }

  routed(at: string, handlingDepartmentId = 'operations'): this {
    return this.add('CaseRouted', { owningDepartmentId: 'customer-service', handlingDepartmentId, routingRuleId: 'rule-1', policyVersion: 'test-r1' }, at);
  }

  assigned(at: string, staffId = 'handler-1', departmentId = 'operations'): this {
    return this.add('CaseAssigned', { staffId, departmentId, rule: 'roster', policyVersion: 'test-r1' }, at);
  }

  verified(at: string, validity: Validity = 'valid'): this {
    return this.add('CaseVerified', { validity, reason: 'checked on site' }, at);
  }

  classifiedGeneral(at: string): this {
    return this.add('CaseClassified', { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] }, at);
  }

  classifiedNonResponsible(at: string): this {
    return this.add('CaseClassified', { responsibility: 'non-responsible', criteria: ['outside-company-duties'] }, at);
  }

  progress(at: string): this {
    return this.add('CaseProgressNoted', { note: 'called the customer', departmentId: 'operations' }, at);
  }

  resolved(at: string): this {
    return this.add('CaseResolved', { actionTaken: 'apologised', customerToldWhat: 'staff retrained', owningDepartmentId: 'customer-service', handlingDepartmentId: 'operations' }, at);
  }

  reopened(at: string): this {
    return this.add('CaseReopened', { reason: 'not satisfied at callback' }, at);
  }

  attempt(at: string, attempt: number, reached: boolean): this {
    return this.add('CallbackAttemptRecorded', { method: 'phone', reached, attempt }, at);
  }

  outcome(at: string, satisfaction: SatisfactionLevel, comment?: string): this {
    const satisfied = satisfaction === 'satisfied' || satisfaction === 'very-satisfied';
    return this.add('CallbackOutcomeRecorded', { method: 'phone', satisfaction, solved: satisfied, satisfied, comment, policyVersion: 'test-r1' }, at);
  }

  unreachable(at: string, failedAttempts = 3): this {
    return this.add('CallbackUnreachable', { failedAttempts, reason: 'no answer three times', policyVersion: 'test-r1' }, at);
  }

  closed(at: string, closedBecause: 'satisfied' | 'unreachable', satisfaction?: SatisfactionLevel): this {
    return this.add('CaseClosed', { closedBecause, satisfaction, policyVersion: 'test-r1' }, at);
  }

  private closedIf(satisfied: boolean, at: string, satisfaction: SatisfactionLevel): this {
    return satisfied ? this.closed(at, 'satisfied', satisfaction) : this;
  }

  clockStarted(kind: string, startedAt: string, dueAt: string, at = startedAt): this {
    return this.add(
      'SlaClockStarted',
      { clockId: `${kind}#1`, clockKind: kind, startedAt, dueAt, targetMinutes: 10, policyVersion: 'test-r1', calendarCoverage: { status: 'official' }, warnAt: [], byCustomerDeadline: false },
      at,
    );
  }

  clockMet(kind: string, metAt: string, withinTarget: boolean): this {
    return this.add('SlaClockMet', { clockId: `${kind}#1`, clockKind: kind, metAt, withinTarget }, metAt);
  }

  clockBreached(kind: string, dueAt: string, breachedAt: string): this {
    return this.add('SlaClockBreached', { clockId: `${kind}#1`, clockKind: kind, dueAt, breachedAt, policyVersion: 'test-r1' }, breachedAt);
  }

  clockPaused(kind: string, at: string): this {
    return this.add('SlaClockPaused', { clockId: `${kind}#1`, clockKind: kind, reason: 'waiting for the customer', pausedAt: at, pausedBy: 'handler-1' }, at);
  }

  /** A whole ordinary case: registered, forwarded after 5 min, handled, resolved, called back satisfied and closed. */
  happyPath(receivedAt: string, options: { resolveAfterHours?: number; satisfaction?: SatisfactionLevel } = {}): this {
    const plus = (minutes: number): string => new Date(Date.parse(receivedAt) + minutes * 60_000).toISOString();
    const resolveAfter = (options.resolveAfterHours ?? 24) * 60;
    const satisfaction = options.satisfaction ?? 'satisfied';
    return this.registered(receivedAt)
      .clockStarted('forward-to-responsible', receivedAt, plus(10))
      .routed(plus(5))
      .clockMet('forward-to-responsible', plus(5), true)
      .assigned(plus(6))
      .progress(plus(60))
      .verified(plus(120))
      .classifiedGeneral(plus(121))
      .resolved(plus(resolveAfter))
      .attempt(plus(resolveAfter + 60), 1, true)
      .outcome(plus(resolveAfter + 60), satisfaction)
      .closedIf(satisfaction === 'satisfied' || satisfaction === 'very-satisfied', plus(resolveAfter + 60), satisfaction);
  }
}

/** `minutes` after an ISO instant. */
export const after = (instant: string, minutes: number): string => new Date(Date.parse(instant) + minutes * 60_000).toISOString();
