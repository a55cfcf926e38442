import { storedEvent } from '@mallcare/testing';
import { foldCasePath, foldCaseRecords } from './case-path.fold';
import { after, CaseLog, TEST_POLICY } from './test-support/case-events.fixture';

const received = '2026-11-23T02:00:00.000Z';

describe('case path fold', () => {
  it('builds the whole path of an ordinary case', () => {
    const log = new CaseLog().happyPath(received, { resolveAfterHours: 24, satisfaction: 'very-satisfied' });
    const record = foldCasePath(log.events, TEST_POLICY);
    expect(record).toMatchObject({
      complaintId: log.complaintId,
      mallId: 'SH01',
      timeZone: 'Asia/Shanghai',
      month: '2026-11',
      week: '2026-W48',
      localDate: '2026-11-23',
      kind: 'complaint',
      category: 'service-attitude',
      channel: 'phone',
      complainantType: 'consumer',
      collective: false,
      owningDepartmentId: 'customer-service',
      handlingDepartmentId: 'operations',
      handlerStaffId: 'handler-1',
      validity: 'valid',
      responsibility: 'responsible',
      severity: 'general',
      receivedAt: received,
      forwardedAt: after(received, 5),
      assignedAt: after(received, 6),
      firstReplyAt: after(received, 60),
      firstResolvedAt: after(received, 24 * 60),
      resolvedAt: after(received, 24 * 60),
      resolutionCount: 1,
      reopenCount: 0,
      calledBackAt: after(received, 25 * 60),
      callbackEnd: 'reached',
      callbackMethod: 'phone',
      callbackAttempts: 1,
      satisfaction: 'very-satisfied',
      ratings: ['very-satisfied'],
      closedAt: after(received, 25 * 60),
      closedBecause: 'satisfied',
      escalated: false,
      missingFields: [],
    });
    expect(record?.clocks).toEqual([
      {
        clockId: 'forward-to-responsible#1',
        kind: 'forward-to-responsible',
        startedAt: received,
        dueAt: after(received, 10),
        isTarget: true,
        paused: false,
        metAt: after(received, 5),
        metWithinTarget: true,
        breachedAt: null,
      },
    ]);
  });

  it('keeps the first and the final resolution of a reopened case, and the callback of the final one', () => {
    const log = new CaseLog()
      .registered(received)
      .routed(after(received, 5))
      .assigned(after(received, 6))
      .verified(after(received, 30))
      .classifiedGeneral(after(received, 31))
      .resolved(after(received, 60))
      .attempt(after(received, 120), 1, true)
      .outcome(after(received, 120), 'dissatisfied', '没解决')
      .reopened(after(received, 121))
      .resolved(after(received, 600))
      .attempt(after(received, 700), 1, true)
      .outcome(after(received, 700), 'satisfied', '满意')
      .closed(after(received, 700), 'satisfied', 'satisfied');
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({
      firstResolvedAt: after(received, 60),
      resolvedAt: after(received, 600),
      resolutionCount: 2,
      reopenCount: 1,
      calledBackAt: after(received, 700),
      callbackEnd: 'reached',
      satisfaction: 'satisfied',
      satisfactionComment: '满意',
      ratings: ['dissatisfied', 'satisfied'],
      closedAt: after(received, 700),
      missingFields: [],
    });
  });

  it('undoes the resolution, callback and closing of a case reopened and not resolved again', () => {
    const log = new CaseLog()
      .happyPath(received)
      .reopened(after(received, 3000));
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({
      firstResolvedAt: after(received, 24 * 60),
      resolvedAt: null,
      calledBackAt: null,
      callbackEnd: null,
      closedAt: null,
      closedBecause: null,
      reopenCount: 1,
      resolutionCount: 1,
    });
  });

  it('starts a new callback for a resolution after a reopen', () => {
    const log = new CaseLog()
      .registered(received)
      .resolved(after(received, 60))
      .attempt(after(received, 100), 1, false)
      .attempt(after(received, 120), 2, true)
      .outcome(after(received, 120), 'dissatisfied')
      .reopened(after(received, 121))
      .resolved(after(received, 600));
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({
      resolvedAt: after(received, 600),
      calledBackAt: null,
      callbackEnd: null,
      callbackMethod: null,
      callbackAttempts: 0,
      satisfaction: 'dissatisfied',
    });
  });

  it('keeps the callback rating when the closing carries none', () => {
    const log = new CaseLog().registered(received).resolved(after(received, 60)).outcome(after(received, 100), 'very-satisfied').closed(after(received, 100), 'satisfied');
    expect(foldCasePath(log.events, TEST_POLICY)?.satisfaction).toBe('very-satisfied');
  });

  it('keeps the first forwarding time and follows transfers to the current handler', () => {
    const log = new CaseLog()
      .registered(received)
      .routed(after(received, 5))
      .assigned(after(received, 6))
      .routed(after(received, 50));
    log.events.push(
      storedEvent(
        'CaseTransferred',
        { fromDepartmentId: 'operations', toDepartmentId: 'property', reason: 'wrongly routed' },
        { complaintId: log.complaintId, occurredAt: after(received, 60) },
      ),
    );
    log.assigned(after(received, 61), 'handler-2', 'property');
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({
      forwardedAt: after(received, 5),
      assignedAt: after(received, 6),
      handlingDepartmentId: 'property',
      handlerStaffId: 'handler-2',
    });
  });

  it('lets a late-arriving routing not undo the department the case was assigned in', () => {
    const log = new CaseLog().registered(received).assigned(after(received, 6), 'handler-2', 'property').routed(after(received, 5), 'operations');
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({ handlingDepartmentId: 'property', forwardedAt: after(received, 5) });
  });

  it('answers an inquiry at the desk: first reply, resolved and closed at once, never forwarded', () => {
    const log = new CaseLog().registered(received, 'inquiry').inquiryAnswered(after(received, 3));
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({
      kind: 'inquiry',
      forwardedAt: null,
      firstReplyAt: after(received, 3),
      resolvedAt: after(received, 3),
      closedAt: after(received, 3),
      closedBecause: 'inquiry-answered',
      handlerStaffId: 'desk-1',
      callbackEnd: null,
      missingFields: [],
    });
  });

  it('ends an unreachable callback as called back, unrated, and closed', () => {
    const log = new CaseLog()
      .registered(received)
      .routed(after(received, 5))
      .assigned(after(received, 6))
      .verified(after(received, 30), 'invalid')
      .classifiedNonResponsible(after(received, 31))
      .resolved(after(received, 60))
      .attempt(after(received, 100), 1, false)
      .attempt(after(received, 200), 2, false)
      .attempt(after(received, 300), 3, false)
      .unreachable(after(received, 300))
      .closed(after(received, 300), 'unreachable');
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({
      validity: 'invalid',
      responsibility: 'non-responsible',
      severity: null,
      calledBackAt: after(received, 300),
      callbackEnd: 'unreachable',
      callbackAttempts: 3,
      satisfaction: null,
      ratings: [],
      closedBecause: 'unreachable',
      missingFields: [],
    });
  });

  it('names what a resolved case lacks: not verified, not classified', () => {
    const log = new CaseLog().registered(received).routed(after(received, 5)).assigned(after(received, 6)).resolved(after(received, 60));
    expect(foldCasePath(log.events, TEST_POLICY)?.missingFields).toEqual(['validity', 'responsibility']);
  });

  it('asks no responsibility of a case verified invalid: routing refuses to classify it (issue 11 item 4)', () => {
    const log = new CaseLog()
      .registered(received)
      .routed(after(received, 5))
      .assigned(after(received, 6))
      .verified(after(received, 30), 'invalid')
      .resolved(after(received, 60))
      .attempt(after(received, 100), 1, true)
      .outcome(after(received, 100), 'satisfied')
      .closed(after(received, 100), 'satisfied', 'satisfied');
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({ validity: 'invalid', responsibility: null, missingFields: [] });
    const unverified = new CaseLog().registered(received).routed(after(received, 5)).assigned(after(received, 6)).verified(after(received, 30)).resolved(after(received, 60));
    expect(foldCasePath(unverified.events, TEST_POLICY)?.missingFields).toEqual(['responsibility']);
  });

  it('asks nothing of a case still in progress but its registration', () => {
    const log = new CaseLog().registered(received).routed(after(received, 5));
    expect(foldCasePath(log.events, TEST_POLICY)?.missingFields).toEqual([]);
  });

  it('requires the severity of a responsible case and the rating of a reached callback', () => {
    const log = new CaseLog()
      .registered(received)
      .routed(after(received, 5))
      .assigned(after(received, 6))
      .verified(after(received, 30));
    log.events.push(
      storedEvent('CaseClassified', { responsibility: 'responsible', criteria: ['service-shortfall'] }, { complaintId: log.complaintId, occurredAt: after(received, 31) }),
    );
    log.resolved(after(received, 60)).closed(after(received, 100), 'satisfied');
    expect(foldCasePath(log.events, TEST_POLICY)?.missingFields).toEqual(['severity', 'callbackEnd']);
  });

  it('reads the period in the mall time zone (a mall on the US west coast)', () => {
    const instant = '2026-12-01T05:00:00.000Z';
    const la = foldCasePath(new CaseLog('LA01').registered(instant).events, TEST_POLICY);
    const sh = foldCasePath(new CaseLog('SH01').registered(instant).events, TEST_POLICY);
    expect(la).toMatchObject({ timeZone: 'America/Los_Angeles', localDate: '2026-11-30', month: '2026-11' });
    expect(sh).toMatchObject({ timeZone: 'Asia/Shanghai', localDate: '2026-12-01', month: '2026-12' });
  });

  it('folds the same record whichever service spoke first', () => {
    const log = new CaseLog().happyPath(received);
    const [registration, ...rest] = log.events;
    const routedFirst = [rest[1], registration, rest[0], ...rest.slice(2)];
    expect(foldCasePath(routedFirst, TEST_POLICY)).toEqual(foldCasePath(log.events, TEST_POLICY));
  });

  it('has no record before the registration is known', () => {
    const log = new CaseLog().registered(received).routed(after(received, 5));
    expect(foldCasePath(log.events.slice(1), TEST_POLICY)).toBeNull();
  });

  it('folds a collective case: no channel needed, counted as a case of its own', () => {
    const complaintId = '7b7b7b7b-0000-4000-8000-000000000001';
    const raised = storedEvent(
      'CollectiveComplaintRaised',
      {
        caseNumber: 'SH01-20261123-9001',
        category: 'property-management',
        complainantType: 'street-shop-tenant',
        matterKey: 'l2-aircon',
        description: '二层空调不制冷',
        receivedAt: received,
        detectedAt: after(received, 30),
        trigger: 'distinct-tenants',
        members: ['7b7b7b7b-0000-4000-8000-000000000002'],
        distinctTenants: 3,
        written: false,
        windowMinutes: 60,
        minDistinctTenants: 3,
        policyVersion: 'test-r1',
      },
      { complaintId, occurredAt: after(received, 30) },
    );
    const record = foldCasePath([raised], TEST_POLICY);
    expect(record).toMatchObject({ collective: true, channel: null, kind: 'complaint', complainantType: 'street-shop-tenant', missingFields: [] });
  });

  it('notes repeats, collective membership, breaches and escalations', () => {
    const log = new CaseLog()
      .registered(received)
      .clockStarted('forward-to-responsible', received, after(received, 10))
      .clockBreached('forward-to-responsible', after(received, 10), after(received, 11));
    log.events.push(
      storedEvent(
        'RepeatComplaintLinked',
        {
          complaintId: log.complaintId,
          repeatComplaintId: '7b7b7b7b-0000-4000-8000-000000000003',
          repeatCount: 3,
          channel: 'phone',
          receivedAt: after(received, 20),
          description: '又来了',
          complainantSubjectId: null,
          policyVersion: 'test-r1',
        },
        { complaintId: log.complaintId, occurredAt: after(received, 20) },
      ),
      storedEvent(
        'ComplaintJoinedCollective',
        { collectiveComplaintId: '7b7b7b7b-0000-4000-8000-000000000001', collectiveCaseNumber: 'SH01-20261123-9001', distinctTenants: 3 },
        { complaintId: log.complaintId, occurredAt: after(received, 30), streamPosition: 2 },
      ),
    );
    expect(foldCasePath(log.events, TEST_POLICY)).toMatchObject({
      repeatCount: 3,
      collectiveCaseNumber: 'SH01-20261123-9001',
      escalated: true,
      clocks: [expect.objectContaining({ breachedAt: after(received, 11), metAt: null })],
    });
  });

  it('marks the one-month upgrade clock as no target', () => {
    const log = new CaseLog()
      .registered(received)
      .clockStarted('unresolved-upgrade', received, after(received, 30 * 24 * 60))
      .clockStarted('resolve-general', received, after(received, 3 * 24 * 60));
    const clocks = foldCasePath(log.events, TEST_POLICY)?.clocks ?? [];
    expect(clocks.map((clock) => [clock.kind, clock.isTarget])).toEqual([
      ['unresolved-upgrade', false],
      ['resolve-general', true],
    ]);
  });

  it('takes a clock whose due date raised an upgrade as no target, whatever the policy now calls it', () => {
    const log = new CaseLog().registered(received).clockStarted('old-upgrade', received, after(received, 60));
    log.events.push(
      storedEvent(
        'CaseUpgradeDue',
        { clockId: 'old-upgrade#1', toSeverity: 'major', openSince: received, dueAt: after(received, 60), reason: 'open one month', policyVersion: 'test-r1' },
        { complaintId: log.complaintId, occurredAt: after(received, 60) },
      ),
    );
    expect(foldCasePath(log.events, TEST_POLICY)?.clocks[0]?.isTarget).toBe(false);
  });

  it('drops the severity of a case classified as not responsible, even one the system had raised', () => {
    const log = new CaseLog().registered(received);
    log.events.push(
      storedEvent(
        'CaseSeveritySetBySystem',
        { severity: 'critical', rule: 'channel-media', reason: 'reported by media', policyVersion: 'test-r1' },
        { complaintId: log.complaintId, occurredAt: after(received, 1) },
      ),
    );
    expect(foldCasePath(log.events, TEST_POLICY)?.severity).toBe('critical');
    log.classifiedNonResponsible(after(received, 30));
    expect(foldCasePath(log.events, TEST_POLICY)?.severity).toBeNull();
  });

  it('takes an inquiry not answered at the desk as incomplete', () => {
    const log = new CaseLog().registered(received, 'inquiry');
    expect(foldCasePath(log.events, TEST_POLICY)?.missingFields).toEqual(['handlerStaffId', 'closedAt']);
  });

  it('folds a mixed log into one record per registered case', () => {
    const first = new CaseLog().happyPath(received);
    const second = new CaseLog('LA01').registered(received, 'inquiry').inquiryAnswered(after(received, 2));
    const stray = new CaseLog().routed(after(received, 5));
    const interleaved = [...first.events.slice(0, 3), ...second.events, ...stray.events, ...first.events.slice(3)];
    const records = foldCaseRecords(interleaved, TEST_POLICY);
    expect(records.map((record) => record.complaintId).sort()).toEqual([first.complaintId, second.complaintId].sort());
    expect(records.find((record) => record.complaintId === first.complaintId)).toEqual(foldCasePath(first.events, TEST_POLICY));
  });
});
