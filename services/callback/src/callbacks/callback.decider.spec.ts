import { SAMPLE_GROUP_POLICY, validateGroupPolicy, type GroupPolicy } from '@mallcare/policy';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { callbackDecider, callbackPolicyFor, type CallbackCaseFacts, type CallbackStreamEvent, type RecordOutcome } from './callback.decider';

const spec = deciderSpecification(callbackDecider);
const policy = SAMPLE_GROUP_POLICY;
const version = policy.version;
const resolutionEventId = '7d0c2f36-3f0e-4b0e-8d57-6d3e0c7b9a11';
const schedule = (resolvedAt: Date, eventId = resolutionEventId, owningDepartmentId = 'operations') => ({
  type: 'ScheduleCallback' as const,
  data: { resolvedAt, owningDepartmentId, resolutionEventId: eventId, mallId: 'SH01', policy },
});
const scheduled = (dueAt = '2026-11-23T15:59:59.999Z', eventId = resolutionEventId): CallbackStreamEvent =>
  storedEvent('CallbackScheduled', { owningDepartmentId: 'operations', dueAt, policyVersion: version }, { causationId: eventId });
const attempt = (reached: boolean, notes?: string) => ({ type: 'RecordAttempt' as const, data: { method: 'phone' as const, reached, mallId: 'SH01', policy, ...(notes ? { notes } : {}) } });
const failed = (n: number): CallbackStreamEvent => storedEvent('CallbackAttemptRecorded', { method: 'phone', reached: false, attempt: n });
const consumer: CallbackCaseFacts = { complainantType: 'consumer', written: false, writtenReplyApproved: false };
const outcome = (data: Partial<RecordOutcome['data']> = {}): RecordOutcome => ({
  type: 'RecordOutcome',
  data: { method: 'phone', satisfaction: 'satisfied', solved: true, facts: consumer, policy, ...data },
});

describe('callback decider', () => {
  describe('scheduling', () => {
    it('schedules the callback by the end of the 2nd working day after resolution, on the mall calendar, with the owning department', () => {
      const thursday = new Date('2026-11-19T03:00:00.000Z');
      spec([])
        .when(schedule(thursday))
        .then([{ type: 'CallbackScheduled', data: { owningDepartmentId: 'operations', dueAt: '2026-11-23T15:59:59.999Z', policyVersion: version }, occurredAt: thursday.toISOString() }]);
    });

    it('skips the national holidays: resolved before 国庆 2026, due after it', () => {
      const beforeHoliday = new Date('2026-09-30T02:00:00.000Z');
      spec([])
        .when(schedule(beforeHoliday))
        .then([{ type: 'CallbackScheduled', data: { owningDepartmentId: 'operations', dueAt: expect.stringMatching(/^2026-10-(09|10|11|12)T15:59:59.999Z$/), policyVersion: version }, occurredAt: beforeHoliday.toISOString() }]);
    });

    it('schedules one callback per resolution, however often the resolution is delivered', () => {
      spec([scheduled()]).when(schedule(new Date('2026-11-23T03:00:00.000Z'))).then([]);
    });

    it('schedules invalid and non-responsible cases like any other, with the owning department (property for an anchor store)', () => {
      spec([])
        .when(schedule(new Date('2026-11-19T03:00:00.000Z'), resolutionEventId, 'property'))
        .then([expect.objectContaining({ type: 'CallbackScheduled', data: expect.objectContaining({ owningDepartmentId: 'property' }) })]);
    });

    it('calls a customer who was not satisfied before back sooner: within the grumbling limit (3 h) after the new resolution', () => {
      const again = new Date('2026-11-20T03:00:00.000Z');
      spec([
        scheduled(),
        storedEvent('CallbackOutcomeRecorded', { method: 'phone', satisfaction: 'dissatisfied', solved: false, satisfied: false, policyVersion: version }),
        storedEvent('CaseReopenRequested', { reason: 'x', satisfaction: 'dissatisfied', solved: false }),
      ])
        .when(schedule(again, 'a2c5e7b4-0000-4000-8000-000000000002'))
        .then([{ type: 'CallbackScheduled', data: { owningDepartmentId: 'operations', dueAt: '2026-11-20T06:00:00.000Z', policyVersion: version }, occurredAt: again.toISOString() }]);
    });

    it('takes the callback settings from the mall when it has its own', () => {
      const own: GroupPolicy = {
        ...policy,
        malls: policy.malls.map((mall) => (mall.id === 'SH01' ? { ...mall, settings: { ...mall.settings, callback: { within: { amount: 1, unit: 'working-days' }, maxFailedAttempts: 5 } } } : mall)),
      };
      expect(callbackPolicyFor(own, 'SH01')).toEqual({ within: { amount: 1, unit: 'working-days' }, grumblingWithin: { amount: 3, unit: 'hours' }, maxFailedAttempts: 5 });
      expect(callbackPolicyFor(own, 'BJ01')).toEqual({ within: { amount: 2, unit: 'working-days' }, grumblingWithin: { amount: 3, unit: 'hours' }, maxFailedAttempts: 3 });
    });

    it('the sample group carries the callback settings, and a policy with unusable ones is refused', () => {
      expect(policy.callback).toEqual({ within: { amount: 2, unit: 'working-days' }, grumblingWithin: { amount: 3, unit: 'hours' }, maxFailedAttempts: 3 });
      expect(validateGroupPolicy(policy)).toEqual([]);
      const broken: GroupPolicy = { ...policy, callback: { within: policy.callback.within, grumblingWithin: { amount: -1, unit: 'hours' }, maxFailedAttempts: 0 } };
      expect(validateGroupPolicy(broken).map((problem) => problem.field)).toEqual(expect.arrayContaining(['callback.grumblingWithin.amount', 'callback.maxFailedAttempts']));
    });
  });

  describe('attempts', () => {
    it('records an attempt, reached or not, numbered within the callback', () => {
      spec([scheduled(), failed(1)])
        .when(attempt(false, '无人接听 / no answer'))
        .then([{ type: 'CallbackAttemptRecorded', data: { method: 'phone', reached: false, attempt: 2, notes: '无人接听 / no answer' } }]);
      spec([scheduled(), failed(1), failed(2)])
        .when({ type: 'RecordAttempt', data: { method: 'visit', reached: true, mallId: 'SH01', policy } })
        .then([{ type: 'CallbackAttemptRecorded', data: { method: 'visit', reached: true, attempt: 3 } }]);
    });

    it('ends as unreachable at the policy’s failed attempts (3): counted as attempted, closed, not satisfied', () => {
      spec([scheduled(), failed(1), failed(2)])
        .when(attempt(false, '号码停机 / number out of service'))
        .then([
          { type: 'CallbackAttemptRecorded', data: { method: 'phone', reached: false, attempt: 3, notes: '号码停机 / number out of service' } },
          { type: 'CallbackUnreachable', data: { failedAttempts: 3, reason: 'not reached after 3 failed attempts (policy: 3): 号码停机 / number out of service', policyVersion: version } },
          { type: 'CaseClosed', data: { closedBecause: 'unreachable', policyVersion: version } },
        ]);
    });

    it('refuses attempts when no callback is due (never scheduled, closed, or waiting for the reopened case)', () => {
      spec([]).when(attempt(true)).thenRefuses('callback-not-due');
      spec([scheduled(), storedEvent('CaseClosed', { closedBecause: 'satisfied', policyVersion: version })]).when(attempt(true)).thenRefuses('callback-not-due');
      spec([scheduled(), storedEvent('CaseReopenRequested', { reason: 'x', satisfaction: 'neutral', solved: true })]).when(attempt(true)).thenRefuses('callback-not-due');
    });
  });

  describe('outcome', () => {
    it('satisfied and solved: the outcome, and the case closes', () => {
      spec([scheduled()])
        .when(outcome({ satisfaction: 'very-satisfied', comment: '很满意 / very happy' }))
        .then([
          { type: 'CallbackOutcomeRecorded', data: { method: 'phone', satisfaction: 'very-satisfied', solved: true, comment: '很满意 / very happy', satisfied: true, policyVersion: version } },
          { type: 'CaseClosed', data: { closedBecause: 'satisfied', satisfaction: 'very-satisfied', policyVersion: version } },
        ]);
    });

    it('dissatisfied: the case is sent back to routing to reopen, with the callback’s notes', () => {
      spec([scheduled()])
        .when(outcome({ satisfaction: 'dissatisfied', solved: false, comment: '扶梯又停了 / it stopped again' }))
        .then([
          { type: 'CallbackOutcomeRecorded', data: { method: 'phone', satisfaction: 'dissatisfied', solved: false, comment: '扶梯又停了 / it stopped again', satisfied: false, policyVersion: version } },
          {
            type: 'CaseReopenRequested',
            data: { reason: 'callback (phone): customer dissatisfied, not really solved — 扶梯又停了 / it stopped again', satisfaction: 'dissatisfied', solved: false },
          },
        ]);
    });

    it('satisfied with the service but not really solved also reopens; neutral is not satisfied', () => {
      spec([scheduled()])
        .when(outcome({ satisfaction: 'satisfied', solved: false }))
        .then([expect.objectContaining({ type: 'CallbackOutcomeRecorded' }), expect.objectContaining({ type: 'CaseReopenRequested', data: expect.objectContaining({ reason: 'callback (phone): not really solved' }) })]);
      spec([scheduled()])
        .when(outcome({ satisfaction: 'neutral' }))
        .then([expect.objectContaining({ type: 'CallbackOutcomeRecorded', data: expect.objectContaining({ satisfied: false }) }), expect.objectContaining({ type: 'CaseReopenRequested' })]);
    });

    it('a tenant confirms the result: required, and a tenant who does not confirm reopens the case', () => {
      const tenant: CallbackCaseFacts = { complainantType: 'street-shop-tenant', written: false, writtenReplyApproved: false };
      spec([scheduled()]).when(outcome({ facts: tenant })).thenRefuses('tenant-confirmation-required');
      spec([scheduled()])
        .when(outcome({ facts: tenant, tenantConfirmed: false }))
        .then([
          expect.objectContaining({ type: 'CallbackOutcomeRecorded', data: expect.objectContaining({ tenantConfirmed: false, satisfied: false }) }),
          expect.objectContaining({ type: 'CaseReopenRequested', data: expect.objectContaining({ tenantConfirmed: false }) }),
        ]);
      spec([scheduled()])
        .when(outcome({ facts: tenant, tenantConfirmed: true }))
        .then([expect.objectContaining({ type: 'CallbackOutcomeRecorded', data: expect.objectContaining({ tenantConfirmed: true, satisfied: true }) }), expect.objectContaining({ type: 'CaseClosed' })]);
    });

    it('a written complaint’s callback completes only once its written reply is approved', () => {
      spec([scheduled()])
        .when(outcome({ facts: { complainantType: 'consumer', written: true, writtenReplyApproved: false } }))
        .thenRefuses('written-reply-approval-required');
      spec([scheduled()])
        .when(outcome({ facts: { complainantType: 'consumer', written: true, writtenReplyApproved: true } }))
        .then([expect.objectContaining({ type: 'CallbackOutcomeRecorded' }), expect.objectContaining({ type: 'CaseClosed' })]);
    });

    it('after a reopen and a new resolution, a new callback is due and can close the case', () => {
      const second = 'a2c5e7b4-0000-4000-8000-000000000002';
      spec([
        scheduled(),
        failed(1),
        storedEvent('CallbackOutcomeRecorded', { method: 'phone', satisfaction: 'very-dissatisfied', solved: false, satisfied: false, policyVersion: version }),
        storedEvent('CaseReopenRequested', { reason: 'x', satisfaction: 'very-dissatisfied', solved: false }),
        scheduled('2026-11-20T06:00:00.000Z', second),
      ])
        .when(outcome())
        .then([expect.objectContaining({ type: 'CallbackOutcomeRecorded' }), { type: 'CaseClosed', data: { closedBecause: 'satisfied', satisfaction: 'satisfied', policyVersion: version } }]);
    });
  });
});
