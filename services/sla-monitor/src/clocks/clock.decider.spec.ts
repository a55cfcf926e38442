import { foldStream } from '@mallcare/event-store';
import { upcastSlaEscalatedV1, type ComplaintEvent, type ComplaintEventType } from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY, type GroupPolicy } from '@mallcare/policy';
import { storedEvent } from '@mallcare/testing';
import { emptyFacts, noteFacts, type SlaCaseFacts } from './clock-facts';
import { clockDecider, nextFireAt, type ClockCommand, type ClockDecision, type ClocksState } from './clock.decider';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const policy = SAMPLE_GROUP_POLICY;
// Monday 2026-11-23 10:00 in Shanghai.
const receivedAt = new Date('2026-11-23T02:00:00.000Z');
const after = (ms: number, from: Date = receivedAt) => new Date(from.getTime() + ms);

const factsOf = (over: Partial<SlaCaseFacts> = {}): SlaCaseFacts => ({
  ...emptyFacts('SH01'),
  receivedAt: receivedAt.toISOString(),
  kind: 'complaint',
  category: 'product-quality',
  complainantType: 'consumer',
  owningDepartmentId: 'operations',
  handlingDepartmentId: 'operations',
  handlerStaffId: 'sh01-operations-1',
  ...over,
});

/** One case's clock stream with a controllable clock: every decision is stored as it would be. */
class ClockCase {
  readonly events: ComplaintEvent[] = [];
  constructor(public facts: SlaCaseFacts) {}

  state(): ClocksState {
    return foldStream(clockDecider, this.events);
  }

  run(command: ClockCommand): ClockDecision[] {
    const decided = clockDecider.decide(command, this.state());
    for (const decision of decided) {
      this.events.push(storedEvent(decision.type, decision.data as never, { occurredAt: decision.occurredAt }) as ComplaintEvent);
    }
    return decided;
  }

  observe(eventType: ComplaintEventType, at: Date, now: Date = at, over: Partial<SlaCaseFacts> = {}, withPolicy: GroupPolicy = policy): ClockDecision[] {
    this.facts = { ...this.facts, ...over, seen: { ...this.facts.seen, [eventType]: this.facts.seen[eventType] ?? at.toISOString() } };
    return this.run({ type: 'ObserveCaseEvent', data: { eventType, at, facts: this.facts, policy: withPolicy, now } });
  }

  fire(now: Date, withPolicy: GroupPolicy = policy): ClockDecision[] {
    return this.run({ type: 'FireDueClocks', data: { facts: this.facts, policy: withPolicy, now } });
  }

  clock(kind: string) {
    const found = this.state().clocks.find((clock) => clock.kind === kind);
    if (!found) throw new Error(`no ${kind} clock`);
    return found;
  }
}

const types = (decisions: ClockDecision[]) => decisions.map((decision) => decision.type);
const escalations = (decisions: ClockDecision[]) =>
  decisions.flatMap((decision) => (decision.type === 'SlaEscalated' ? [{ rung: decision.data.rung, step: decision.data.step, staff: decision.data.notified.map((p) => p.staffId), clock: decision.data.clockKind, notice: decision.data.notice }] : []));

describe('clock decider: starting and meeting', () => {
  it("starts a consumer complaint's clocks at receivedAt with the policy's targets on the mall's calendar", () => {
    const kase = new ClockCase(factsOf());
    const decided = kase.observe('ComplaintRegistered', after(5 * MINUTE));
    const started = decided.flatMap((decision) => (decision.type === 'SlaClockStarted' ? [decision.data] : []));
    expect(started.map((data) => data.clockKind)).toEqual(['forward-to-responsible', 'resolve-general', 'first-reply', 'unresolved-upgrade', 'identify-responsibility']);
    expect(started.find((data) => data.clockKind === 'forward-to-responsible')).toMatchObject({
      clockId: 'forward-to-responsible#1',
      startedAt: receivedAt.toISOString(),
      dueAt: '2026-11-23T02:10:00.000Z',
      targetMinutes: 10,
      policyVersion: policy.version,
      calendarCoverage: { status: 'official' },
      warnAt: ['2026-11-23T02:05:00.000Z'],
      byCustomerDeadline: false,
    });
    expect(started.find((data) => data.clockKind === 'resolve-general')).toMatchObject({ dueAt: '2026-11-26T02:00:00.000Z', warnAt: ['2026-11-25T08:00:00.000Z'] });
    // One working day: the end of Tuesday in Shanghai.
    expect(started.find((data) => data.clockKind === 'first-reply')).toMatchObject({ dueAt: '2026-11-24T15:59:59.999Z' });
    expect(started.find((data) => data.clockKind === 'unresolved-upgrade')).toMatchObject({ dueAt: '2026-12-23T02:00:00.000Z' });
    // Identified the same day: 24:00 Monday in Shanghai.
    expect(started.find((data) => data.clockKind === 'identify-responsibility')).toMatchObject({ dueAt: '2026-11-23T15:59:59.999Z', warnAt: ['2026-11-23T12:29:59.999Z'] });
  });

  it('starts the equipment reply clock and a tenant’s one-hour business clock only when their conditions hold, and nothing for an inquiry', () => {
    expect(types(new ClockCase(factsOf({ kind: 'inquiry' })).observe('ComplaintRegistered', receivedAt))).toEqual([]);
    const tenant = new ClockCase(factsOf({ complainantType: 'street-shop-tenant', category: 'engineering-equipment', businessAffected: true }));
    const kinds = tenant.observe('ComplaintRegistered', receivedAt).map((decision) => (decision.data as { clockKind: string }).clockKind);
    expect(kinds).toEqual(expect.arrayContaining(['business-affected', 'reply-equipment']));
    expect(tenant.clock('business-affected').dueAt).toBe('2026-11-23T03:00:00.000Z');
    // The desk did not say the business is affected (or a v2 registration never said): no one-hour clock.
    for (const businessAffected of [false, undefined]) {
      const unaffected = new ClockCase(factsOf({ complainantType: 'street-shop-tenant', businessAffected }));
      const started = unaffected.observe('ComplaintRegistered', receivedAt).map((decision) => (decision.data as { clockKind: string }).clockKind);
      expect(started).not.toContain('business-affected');
    }
  });

  it("uses the customer's requested deadline for the resolve clock when it is sooner", () => {
    const kase = new ClockCase(factsOf({ requestedDeadline: after(24 * HOUR).toISOString() }));
    kase.observe('ComplaintRegistered', receivedAt);
    expect(kase.clock('resolve-general')).toMatchObject({ dueAt: after(24 * HOUR).toISOString(), byCustomerDeadline: true });
    const later = new ClockCase(factsOf({ requestedDeadline: after(10 * 24 * HOUR).toISOString() }));
    later.observe('ComplaintRegistered', receivedAt);
    expect(later.clock('resolve-general')).toMatchObject({ dueAt: '2026-11-26T02:00:00.000Z', byCustomerDeadline: false });
  });

  it('meets the clocks the resolution meets, on time, and starts the callback clock on two working days', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    const resolvedAt = after(26 * HOUR);
    const decided = kase.observe('CaseResolved', resolvedAt, resolvedAt, { resolved: true });
    const met = decided.flatMap((decision) => (decision.type === 'SlaClockMet' ? [[decision.data.clockKind, decision.data.withinTarget]] : []));
    expect(met).toEqual([
      ['resolve-general', true],
      ['first-reply', true],
      ['unresolved-upgrade', true],
      // Resolved the next day without a classification: identified, but not the same day.
      ['identify-responsibility', false],
    ]);
    expect(kase.clock('forward-to-responsible')).toMatchObject({ status: 'met', withinTarget: true });
    // Resolved Tuesday 12:00 local: Wednesday and Thursday are the two working days.
    expect(kase.clock('callback')).toMatchObject({ status: 'running', dueAt: '2026-11-26T15:59:59.999Z' });
  });

  it('starts the resolve clock again when the case is reopened, and a second callback clock on the second resolution', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    kase.observe('CaseResolved', after(HOUR), after(HOUR), { resolved: true });
    kase.observe('CallbackOutcomeRecorded', after(3 * HOUR));
    const reopened = kase.observe('CaseReopened', after(4 * HOUR), after(4 * HOUR), { resolved: false });
    expect(reopened).toMatchObject([{ type: 'SlaClockStarted', data: { clockId: 'resolve-general#2', startedAt: after(4 * HOUR).toISOString(), dueAt: after(76 * HOUR).toISOString() } }]);
    const resolvedAgain = kase.observe('CaseResolved', after(5 * HOUR), after(5 * HOUR), { resolved: true });
    expect(resolvedAgain.map((decision) => [decision.type, (decision.data as { clockId: string }).clockId])).toEqual([
      ['SlaClockMet', 'resolve-general#2'],
      ['SlaClockStarted', 'callback#2'],
    ]);
    expect(kase.observe('CaseResolved', after(6 * HOUR))).toEqual([]);
  });

  it('starts and meets at once a clock whose awaited event arrived before the registration', () => {
    const kase = new ClockCase(factsOf({ seen: { CaseAccepted: after(2 * MINUTE).toISOString() } }));
    const decided = kase.observe('ComplaintRegistered', receivedAt, after(3 * MINUTE));
    expect(decided.find((decision) => decision.type === 'SlaClockMet')).toMatchObject({
      data: { clockKind: 'forward-to-responsible', metAt: after(2 * MINUTE).toISOString(), withinTarget: true },
    });
    expect(kase.clock('forward-to-responsible').status).toBe('met');
  });
});

describe('clock decider: working days on the mall calendar', () => {
  const firstReplyDue = (localNoonUtc: string) => {
    const kase = new ClockCase(factsOf({ receivedAt: localNoonUtc }));
    kase.observe('ComplaintRegistered', new Date(localNoonUtc));
    return kase.clock('first-reply');
  };

  it('counts the 调休 Saturday before Spring Festival 2026 as a working day', () => {
    // Friday 2026-02-13 → Saturday 2026-02-14 (adjusted working day).
    expect(firstReplyDue('2026-02-13T02:00:00.000Z').dueAt).toBe('2026-02-14T15:59:59.999Z');
  });

  it('skips the Spring Festival holiday 2026-02-15..23', () => {
    expect(firstReplyDue('2026-02-14T02:00:00.000Z').dueAt).toBe('2026-02-24T15:59:59.999Z');
    expect(firstReplyDue('2026-02-17T02:00:00.000Z').dueAt).toBe('2026-02-24T15:59:59.999Z');
  });

  it('skips National Day 2026 and works its 调休 Sunday 2026-09-20', () => {
    expect(firstReplyDue('2026-09-30T02:00:00.000Z').dueAt).toBe('2026-10-08T15:59:59.999Z');
    expect(firstReplyDue('2026-09-19T02:00:00.000Z').dueAt).toBe('2026-09-20T15:59:59.999Z');
  });

  it('says so in the event when a deadline falls in a year without a bundled holiday notice', () => {
    const clock = firstReplyDue('2027-03-01T02:00:00.000Z');
    expect(clock.calendarCoverage).toEqual({ status: 'weekday-fallback', uncoveredYears: [2027] });
    expect(clock.dueAt).toBe('2027-03-02T15:59:59.999Z');
  });
});

describe('clock decider: warning, breach and the ladder', () => {
  it('warns the holder, breaches at the deadline and climbs one rung per interval while breached', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    kase.observe('CaseClassified', after(HOUR), after(HOUR), { responsibility: 'responsible', severity: 'general' });
    kase.observe('CaseProgressNoted', after(2 * HOUR));
    expect(nextFireAt(kase.state(), kase.facts, policy, after(2 * HOUR))).toEqual(after(54 * HOUR));

    expect(kase.fire(after(54 * HOUR - 1))).toEqual([]);
    const warned = kase.fire(after(54 * HOUR));
    expect(warned).toMatchObject([{ type: 'SlaClockWarned', data: { clockKind: 'resolve-general', percent: 75, notified: [{ rung: 'handler', staffId: 'sh01-operations-1' }] } }]);
    expect(kase.fire(after(60 * HOUR))).toEqual([]);

    const breached = kase.fire(after(72 * HOUR));
    expect(types(breached)).toEqual(['SlaClockBreached', 'SlaEscalated']);
    expect(escalations(breached)).toEqual([{ rung: 'department-manager', step: 0, staff: ['sh01-operations-mgr'], clock: 'resolve-general', notice: undefined }]);
    expect(kase.fire(after(72 * HOUR + 1))).toEqual([]);
    expect(nextFireAt(kase.state(), kase.facts, policy, after(72 * HOUR))).toEqual(after(76 * HOUR));

    expect(escalations(kase.fire(after(76 * HOUR)))).toEqual([{ rung: 'director', step: 1, staff: ['sh01-director'], clock: 'resolve-general', notice: undefined }]);
    expect(escalations(kase.fire(after(80 * HOUR)))).toEqual([{ rung: 'mall-gm', step: 2, staff: ['sh01-gm'], clock: 'resolve-general', notice: undefined }]);
    expect(escalations(kase.fire(after(84 * HOUR)))).toEqual([{ rung: 'group-hq', step: 3, staff: ['hq-ops-1', 'hq-ops-2'], clock: 'resolve-general', notice: undefined }]);
    expect(kase.fire(after(200 * HOUR)).filter((decision) => decision.data && (decision.data as { clockKind?: string }).clockKind === 'resolve-general')).toEqual([]);
    expect(kase.clock('resolve-general')).toMatchObject({ status: 'breached', escalations: 4 });
  });

  it('breaches a tenant complaint received two hours ago at once and escalates to leadership by its own ladder', () => {
    const kase = new ClockCase(factsOf({ complainantType: 'street-shop-tenant', handlerStaffId: null, businessAffected: true }));
    const decided = kase.observe('ComplaintRegistered', receivedAt, after(2 * HOUR));
    expect(decided.filter((decision) => decision.type === 'SlaClockBreached').map((decision) => (decision.data as { clockKind: string }).clockKind)).toEqual([
      'forward-to-responsible',
      'business-affected',
    ]);
    expect(escalations(decided).filter((escalation) => escalation.clock === 'business-affected')).toEqual([
      { rung: 'director', step: 0, staff: ['sh01-director'], clock: 'business-affected', notice: undefined },
      { rung: 'mall-gm', step: 1, staff: ['sh01-gm'], clock: 'business-affected', notice: undefined },
      { rung: 'group-hq', step: 2, staff: ['hq-ops-1', 'hq-ops-2'], clock: 'business-affected', notice: undefined },
    ]);
    expect(kase.fire(after(2 * HOUR + 1))).toEqual([]);
  });

  it('tells the GM and marketing of a media risk at once, once', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    const media = kase.observe('MediaRiskMarked', after(3 * HOUR), after(3 * HOUR), { mediaRisk: true });
    expect(escalations(media)).toEqual([
      { rung: 'mall-gm', step: 0, staff: ['sh01-gm'], clock: undefined, notice: 'media-risk' },
      { rung: 'marketing', step: 1, staff: ['sh01-marketing-mgr'], clock: undefined, notice: 'media-risk' },
    ]);
    expect(escalations(kase.observe('MediaRiskMarked', after(4 * HOUR)))).toEqual([]);
  });
});

describe('clock decider: pause, resume and policy changes', () => {
  it('pauses with a reason and moves the deadline by the paused time on resume', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    kase.observe('CaseClassified', after(30 * MINUTE), after(30 * MINUTE), { responsibility: 'responsible', severity: 'general' });
    const paused = kase.run({ type: 'PauseClocks', data: { reason: 'waiting for the receipt', by: 'sh01-operations-1', policy, now: after(HOUR) } });
    expect(paused.map((decision) => (decision.data as { clockKind: string }).clockKind)).toEqual(['resolve-general', 'first-reply']);
    expect(kase.clock('resolve-general')).toMatchObject({ status: 'paused', pauseReason: 'waiting for the receipt' });
    expect(kase.fire(after(80 * HOUR)).filter((decision) => decision.type === 'SlaClockBreached')).toEqual([]);

    const resumed = kase.run({ type: 'ResumeClocks', data: { by: 'sh01-operations-1', now: after(81 * HOUR) } });
    expect(resumed.find((decision) => decision.data && (decision.data as { clockKind: string }).clockKind === 'resolve-general')).toMatchObject({
      type: 'SlaClockResumed',
      data: { pausedMs: 80 * HOUR, previousDueAt: '2026-11-26T02:00:00.000Z', dueAt: after(152 * HOUR).toISOString() },
    });
    expect(kase.clock('resolve-general')).toMatchObject({ status: 'running', dueAt: after(152 * HOUR).toISOString(), warnAt: [after(134 * HOUR).toISOString()] });
    expect(types(kase.fire(after(152 * HOUR - 1)).filter((d) => (d.data as { clockKind?: string }).clockKind === 'resolve-general'))).toEqual(['SlaClockWarned']);
    expect(types(kase.fire(after(152 * HOUR)).filter((d) => (d.data as { clockKind?: string }).clockKind === 'resolve-general'))).toEqual(['SlaClockBreached', 'SlaEscalated']);
  });

  it('refuses to pause when nothing runs, or to resume when nothing is paused', () => {
    const kase = new ClockCase(factsOf());
    expect(() => kase.run({ type: 'PauseClocks', data: { reason: 'x', by: 'a', policy, now: receivedAt } })).toThrow(expect.objectContaining({ rule: 'no-clock-to-change' }));
    kase.observe('ComplaintRegistered', receivedAt);
    expect(() => kase.run({ type: 'ResumeClocks', data: { by: 'a', now: receivedAt } })).toThrow(expect.objectContaining({ rule: 'no-clock-to-change' }));
  });

  it('recomputes open clocks from their own events when a new policy version is in force, keeping paused time out', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    kase.observe('CaseClassified', after(30 * MINUTE), after(30 * MINUTE), { responsibility: 'responsible', severity: 'general' });
    kase.run({ type: 'PauseClocks', data: { reason: 'waiting for the customer', by: 'sh01-operations-1', policy, now: after(HOUR) } });
    kase.run({ type: 'ResumeClocks', data: { by: 'sh01-operations-1', now: after(3 * HOUR) } });
    const revised: GroupPolicy = {
      ...policy,
      version: 'sample-group-r2',
      revision: 2,
      clocks: policy.clocks.map((clock) => (clock.kind === 'resolve-general' ? { ...clock, target: { amount: 2, unit: 'days' } } : clock)),
    };
    const decided = kase.fire(after(4 * HOUR), revised);
    const recomputed = decided.flatMap((decision) => (decision.type === 'SlaClockRecomputed' ? [decision.data] : []));
    expect(recomputed.map((data) => data.clockKind)).toEqual(['resolve-general', 'first-reply', 'unresolved-upgrade']);
    expect(recomputed[0]).toMatchObject({
      previousDueAt: after(74 * HOUR).toISOString(),
      dueAt: after(50 * HOUR).toISOString(),
      previousPolicyVersion: policy.version,
      policyVersion: 'sample-group-r2',
      calendarCoverage: { status: 'official' },
    });
    expect(kase.clock('resolve-general')).toMatchObject({ policyVersion: 'sample-group-r2', dueAt: after(50 * HOUR).toISOString() });
    expect(kase.fire(after(5 * HOUR), revised)).toEqual([]);
  });

  it('moves a running working-day clock past a closure day the mall adds to its calendar', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    const resolvedAt = after(26 * HOUR);
    kase.observe('CaseResolved', resolvedAt, resolvedAt, { resolved: true });
    expect(kase.clock('callback')).toMatchObject({ dueAt: '2026-11-26T15:59:59.999Z' });
    // The mall shuts on Wednesday: the callback's two working days become Thursday and Friday.
    const closed: GroupPolicy = {
      ...policy,
      version: 'sample-group-r2',
      revision: 2,
      malls: policy.malls.map((mall) => (mall.id === 'SH01' ? { ...mall, calendar: { closures: [{ date: '2026-11-25', reason: '盘点停业' }] } } : mall)),
    };
    const recomputed = kase.fire(after(27 * HOUR), closed).flatMap((decision) => (decision.type === 'SlaClockRecomputed' && decision.data.clockKind === 'callback' ? [decision.data] : []));
    expect(recomputed).toEqual([expect.objectContaining({ previousDueAt: '2026-11-26T15:59:59.999Z', dueAt: '2026-11-27T15:59:59.999Z', policyVersion: 'sample-group-r2' })]);
  });
});

describe('clock decider: the one-month upgrade', () => {
  it('makes a responsible case still open after a month due an upgrade to major', () => {
    const kase = new ClockCase(factsOf({ responsibility: 'responsible', severity: 'general' }));
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    kase.observe('CaseProgressNoted', after(HOUR));
    expect(kase.fire(after(30 * 24 * HOUR - 1)).filter((decision) => decision.type === 'CaseUpgradeDue')).toEqual([]);
    const due = kase.fire(after(30 * 24 * HOUR));
    expect(due.filter((decision) => decision.type === 'CaseUpgradeDue')).toEqual([
      {
        type: 'CaseUpgradeDue',
        data: {
          clockId: 'unresolved-upgrade#1',
          toSeverity: 'major',
          openSince: receivedAt.toISOString(),
          dueAt: '2026-12-23T02:00:00.000Z',
          reason: 'responsible complaint still open at 2026-12-23T02:00:00.000Z (30 days after 2026-11-23T02:00:00.000Z)',
          policyVersion: policy.version,
        },
        occurredAt: after(30 * 24 * HOUR).toISOString(),
      },
    ]);
    expect(kase.fire(after(31 * 24 * HOUR)).filter((decision) => decision.type === 'CaseUpgradeDue')).toEqual([]);
  });

  it('waits for the classification of a case unclassified at a month, and never upgrades a non-responsible one', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    expect(kase.fire(after(30 * 24 * HOUR)).filter((decision) => decision.type === 'CaseUpgradeDue')).toEqual([]);
    expect(nextFireAt(kase.state(), kase.facts, policy, after(30 * 24 * HOUR + 1))).not.toEqual(after(30 * 24 * HOUR));
    const classified = kase.observe('CaseClassified', after(31 * 24 * HOUR), after(31 * 24 * HOUR), { responsibility: 'responsible', severity: 'general' });
    expect(types(classified)).toContain('CaseUpgradeDue');

    const other = new ClockCase(factsOf());
    other.observe('ComplaintRegistered', receivedAt);
    expect(types(other.observe('CaseClassified', after(31 * 24 * HOUR), after(31 * 24 * HOUR), { responsibility: 'non-responsible' }))).not.toContain('CaseUpgradeDue');
  });
});

const ofKind = (decisions: ClockDecision[], kind: string) => decisions.filter((decision) => (decision.data as { clockKind?: string }).clockKind === kind);

describe('clock decider: responsibility identified the same day (003 §4.2.4)', () => {
  it('is met by the classification the same day, and by a verification as invalid', () => {
    const classified = new ClockCase(factsOf());
    classified.observe('ComplaintRegistered', receivedAt);
    const met = classified.observe('CaseClassified', after(6 * HOUR), after(6 * HOUR), { responsibility: 'non-responsible' });
    expect(ofKind(met, 'identify-responsibility')).toMatchObject([{ type: 'SlaClockMet', data: { withinTarget: true } }]);

    const invalid = new ClockCase(factsOf());
    invalid.observe('ComplaintRegistered', receivedAt);
    expect(ofKind(invalid.observe('CaseVerified', after(HOUR), after(HOUR), { validity: 'valid' }), 'identify-responsibility')).toEqual([]);
    expect(invalid.clock('identify-responsibility').status).toBe('running');
    const verifiedInvalid = new ClockCase(factsOf());
    verifiedInvalid.observe('ComplaintRegistered', receivedAt);
    expect(ofKind(verifiedInvalid.observe('CaseVerified', after(HOUR), after(HOUR), { validity: 'invalid' }), 'identify-responsibility')).toMatchObject([
      { type: 'SlaClockMet', data: { withinTarget: true } },
    ]);
  });

  it('breaches at 24:00 of the day of receipt in the mall time zone and tells the department manager', () => {
    // Received 23:50 Monday in Shanghai (15:50Z): ten minutes left that day.
    const late = new Date('2026-11-23T15:50:00.000Z');
    const kase = new ClockCase(factsOf({ receivedAt: late.toISOString() }));
    kase.observe('ComplaintRegistered', late);
    kase.observe('CaseRouted', after(2 * MINUTE, late));
    expect(kase.clock('identify-responsibility').dueAt).toBe('2026-11-23T15:59:59.999Z');
    expect(types(ofKind(kase.fire(new Date('2026-11-23T15:59:59.998Z')), 'identify-responsibility'))).toEqual(['SlaClockWarned']);
    const breached = kase.fire(new Date('2026-11-23T15:59:59.999Z'));
    expect(types(ofKind(breached, 'identify-responsibility'))).toEqual(['SlaClockBreached', 'SlaEscalated']);
    expect(escalations(breached)).toEqual([{ rung: 'department-manager', step: 0, staff: ['sh01-operations-mgr'], clock: 'identify-responsibility', notice: undefined }]);
    // A complaint received 00:10 Tuesday local (16:10Z Monday) has all of Tuesday.
    const early = new ClockCase(factsOf({ receivedAt: '2026-11-23T16:10:00.000Z' }));
    early.observe('ComplaintRegistered', new Date('2026-11-23T16:10:00.000Z'));
    expect(early.clock('identify-responsibility').dueAt).toBe('2026-11-24T15:59:59.999Z');
  });
});

describe('clock decider: major / collective to the GM the same day and HQ by the next day (003 §4.2.4)', () => {
  const classifiedMajor = (at: Date) => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    kase.observe('CaseAccepted', after(5 * MINUTE));
    const decided = kase.observe('CaseClassified', at, at, { responsibility: 'responsible', severity: 'major' });
    return { kase, decided };
  };

  it('starts both clocks when a person classifies the case major, due 24:00 that day and 24:00 the next, recording the policy version', () => {
    // Classified Monday 14:00 in Shanghai.
    const { kase, decided } = classifiedMajor(after(4 * HOUR));
    const started = decided.flatMap((decision) => (decision.type === 'SlaClockStarted' ? [decision.data] : []));
    expect(started.map((data) => [data.clockKind, data.startedAt, data.dueAt, data.policyVersion])).toEqual([
      ['major-to-gm-same-day', after(4 * HOUR).toISOString(), '2026-11-23T15:59:59.999Z', policy.version],
      ['major-to-hq-next-day', after(4 * HOUR).toISOString(), '2026-11-24T15:59:59.999Z', policy.version],
    ]);
    // The GM and HQ are told at once (the policy's notice); the clocks then watch for the incident report.
    expect(escalations(decided)).toEqual([
      { rung: 'mall-gm', step: 0, staff: ['sh01-gm'], clock: undefined, notice: 'major-or-collective' },
      { rung: 'group-hq', step: 1, staff: ['hq-ops-1', 'hq-ops-2'], clock: undefined, notice: 'major-or-collective' },
    ]);
    // A later severity event does not start them again.
    expect(kase.observe('CaseSeveritySetBySystem', after(5 * HOUR), after(5 * HOUR), { severity: 'critical' }).filter((d) => d.type === 'SlaClockStarted')).toEqual([]);
  });

  it('is met by the incident report; unmet, it tells the GM at 24:00 and HQ at 24:00 the next day', () => {
    const filed = classifiedMajor(after(4 * HOUR)).kase;
    const met = filed.observe('IncidentReportFiled', after(6 * HOUR));
    expect(met.filter((d) => d.type === 'SlaClockMet').map((d) => [(d.data as { clockKind: string }).clockKind, (d.data as { withinTarget: boolean }).withinTarget])).toEqual([
      ['major-to-gm-same-day', true],
      ['major-to-hq-next-day', true],
    ]);

    const { kase } = classifiedMajor(after(4 * HOUR));
    kase.observe('CaseProgressNoted', after(5 * HOUR));
    const gm = kase.fire(new Date('2026-11-23T15:59:59.999Z'));
    expect(escalations(gm).filter((e) => e.clock?.startsWith('major-'))).toEqual([{ rung: 'mall-gm', step: 0, staff: ['sh01-gm'], clock: 'major-to-gm-same-day', notice: undefined }]);
    const hq = kase.fire(new Date('2026-11-24T15:59:59.999Z'));
    expect(escalations(hq).filter((e) => e.clock?.startsWith('major-'))).toEqual([
      { rung: 'group-hq', step: 0, staff: ['hq-ops-1', 'hq-ops-2'], clock: 'major-to-hq-next-day', notice: undefined },
    ]);
    // Filed late, on Tuesday: the HQ clock is met in time, the GM clock late.
    const late = classifiedMajor(after(4 * HOUR)).kase;
    const lateMet = late.observe('IncidentReportFiled', new Date('2026-11-24T03:00:00.000Z'));
    expect(lateMet.filter((d) => d.type === 'SlaClockMet').map((d) => (d.data as { withinTarget: boolean }).withinTarget)).toEqual([false, true]);
  });

  it('starts on the system rule that makes a collective case critical at opening, and not for a general case', () => {
    const collective = new ClockCase(factsOf({ collective: true }));
    collective.observe('CollectiveComplaintRaised', receivedAt);
    const decided = collective.observe('CaseSeveritySetBySystem', after(MINUTE), after(MINUTE), { severity: 'critical' });
    expect(decided.filter((d) => d.type === 'SlaClockStarted').map((d) => (d.data as { clockKind: string }).clockKind)).toEqual(['major-to-gm-same-day', 'major-to-hq-next-day']);

    const general = new ClockCase(factsOf());
    general.observe('ComplaintRegistered', receivedAt);
    expect(general.observe('CaseClassified', after(HOUR), after(HOUR), { responsibility: 'responsible', severity: 'general' }).filter((d) => d.type === 'SlaClockStarted')).toEqual([]);
  });
});

describe('clock decider: a grumbling customer is called back within 3 h (000 §4.8)', () => {
  it('replaces the two-working-day callback with a 3 h one once a callback found the customer dissatisfied', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseClassified', after(HOUR), after(HOUR), { responsibility: 'responsible', severity: 'general' });
    kase.observe('CaseResolved', after(2 * HOUR), after(2 * HOUR), { resolved: true });
    expect(kase.clock('callback').status).toBe('running');
    kase.observe('CallbackOutcomeRecorded', after(3 * HOUR), after(3 * HOUR), { grumbling: true });
    expect(kase.clock('callback').status).toBe('met');
    kase.observe('CaseReopened', after(4 * HOUR), after(4 * HOUR), { resolved: false });
    const resolvedAgain = kase.observe('CaseResolved', after(6 * HOUR), after(6 * HOUR), { resolved: true });
    expect(resolvedAgain.filter((d) => d.type === 'SlaClockStarted').map((d) => [(d.data as { clockId: string }).clockId, (d.data as { dueAt: string }).dueAt])).toEqual([
      ['callback-grumbling#1', after(9 * HOUR).toISOString()],
    ]);
    expect(kase.state().clocks.filter((clock) => clock.kind === 'callback')).toHaveLength(1);
    // The next outcome meets it; an outcome of the earlier round did not.
    expect(kase.clock('callback-grumbling').status).toBe('running');
    const met = kase.observe('CallbackOutcomeRecorded', after(8 * HOUR));
    expect(ofKind(met, 'callback-grumbling')).toMatchObject([{ type: 'SlaClockMet', data: { withinTarget: true } }]);
  });

  it('escalates an unmet grumbling callback after 3 h, and meets it on unreachable', () => {
    const kase = new ClockCase(factsOf({ grumbling: true }));
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseClassified', after(HOUR), after(HOUR), { responsibility: 'responsible', severity: 'general' });
    kase.observe('CaseResolved', after(2 * HOUR), after(2 * HOUR), { resolved: true });
    expect(types(ofKind(kase.fire(after(5 * HOUR)), 'callback-grumbling'))).toEqual(['SlaClockBreached', 'SlaEscalated']);
    expect(ofKind(kase.observe('CallbackUnreachable', after(6 * HOUR)), 'callback-grumbling')).toMatchObject([{ type: 'SlaClockMet', data: { withinTarget: false } }]);
  });
});

describe('clock facts', () => {
  const event = (type: ComplaintEventType, data: object) => storedEvent(type, data as never, { occurredAt: receivedAt.toISOString() }) as ComplaintEvent;

  it('notes the business-affected fact, the validity and a dissatisfied callback', () => {
    const base = emptyFacts('SH01');
    const registered = noteFacts(base, event('ComplaintRegistered', { kind: 'complaint', category: 'other', complainantType: 'street-shop-tenant', receivedAt: receivedAt.toISOString(), businessAffected: true }));
    expect(registered.businessAffected).toBe(true);
    expect(noteFacts(base, event('ComplaintRegistered', { kind: 'complaint', category: 'other', complainantType: 'consumer', receivedAt: receivedAt.toISOString() })).businessAffected).toBe(false);
    expect(noteFacts(base, event('CaseVerified', { validity: 'invalid', reason: 'x' })).validity).toBe('invalid');
    const unhappy = noteFacts(base, event('CallbackOutcomeRecorded', { satisfied: false }));
    expect(unhappy.grumbling).toBe(true);
    expect(noteFacts(unhappy, event('CallbackOutcomeRecorded', { satisfied: true })).grumbling).toBe(true);
    expect(noteFacts(base, event('CallbackOutcomeRecorded', { satisfied: true })).grumbling).toBe(false);
  });
});

describe('clock decider: the matter reaches the responsible person within 10 minutes (000 §4.4)', () => {
  const forward = (decisions: ClockDecision[]) => decisions.filter((decision) => (decision.data as { clockKind?: string }).clockKind === 'forward-to-responsible');

  it('is not met by the system routing and assigning the case, only by the acknowledgement', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    expect(forward(kase.observe('CaseRouted', after(500)))).toEqual([]);
    expect(forward(kase.observe('CaseAssigned', after(500)))).toEqual([]);
    expect(kase.clock('forward-to-responsible')).toMatchObject({ status: 'running', dueAt: after(10 * MINUTE).toISOString() });
    expect(forward(kase.observe('CaseAccepted', after(7 * MINUTE)))).toMatchObject([{ type: 'SlaClockMet', data: { metAt: after(7 * MINUTE).toISOString(), withinTarget: true } }]);
  });

  it('warns the holder at the policy warning point, breaches at 10 minutes and tells the department manager, then climbs', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(500));
    expect(forward(kase.fire(after(5 * MINUTE)))).toMatchObject([{ type: 'SlaClockWarned', data: { percent: 50, notified: [{ rung: 'handler', staffId: 'sh01-operations-1' }] } }]);
    const breached = forward(kase.fire(after(10 * MINUTE)));
    expect(types(breached)).toEqual(['SlaClockBreached', 'SlaEscalated']);
    expect(escalations(breached)).toEqual([{ rung: 'department-manager', step: 0, staff: ['sh01-operations-mgr'], clock: 'forward-to-responsible', notice: undefined }]);
    expect(escalations(forward(kase.fire(after(10 * MINUTE + 4 * HOUR))))).toEqual([{ rung: 'director', step: 1, staff: ['sh01-director'], clock: 'forward-to-responsible', notice: undefined }]);
    // Acknowledged late: met, out of target; the ladder stops.
    expect(forward(kase.observe('CaseAccepted', after(5 * HOUR)))).toMatchObject([{ type: 'SlaClockMet', data: { withinTarget: false } }]);
    expect(forward(kase.fire(after(20 * HOUR)))).toEqual([]);
  });

  it('starts again from a transfer, for the new department to acknowledge, and cannot be paused', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseAccepted', after(3 * MINUTE));
    const transferredAt = after(HOUR);
    expect(forward(kase.observe('CaseTransferred', transferredAt, transferredAt, { handlingDepartmentId: 'property', handlerStaffId: 'sh01-property-1' }))).toMatchObject([
      { type: 'SlaClockStarted', data: { clockId: 'forward-to-responsible#2', startedAt: transferredAt.toISOString(), dueAt: after(10 * MINUTE, transferredAt).toISOString() } },
    ]);
    const paused = kase.run({ type: 'PauseClocks', data: { reason: '等待顾客 / waiting for the customer', by: 'sh01-property-1', policy, now: after(2 * MINUTE, transferredAt) } });
    expect(forward(paused)).toEqual([]);
    expect(forward(kase.observe('CaseAccepted', after(4 * MINUTE, transferredAt)))).toMatchObject([{ type: 'SlaClockMet', data: { clockId: 'forward-to-responsible#2', withinTarget: true } }]);
  });
});

describe('clock decider: every escalation names who was told (DOMAIN §7)', () => {
  const unrouted = (over: Partial<SlaCaseFacts> = {}) => factsOf({ owningDepartmentId: null, handlingDepartmentId: null, handlerStaffId: null, ...over });
  const told = (decisions: ClockDecision[], kind: string) =>
    decisions.flatMap((decision) => (decision.type === 'SlaEscalated' && decision.data.clockKind === kind && decision.data.step === 0 ? [decision.data] : []));

  it('tells the manager of the department owning the complainant type when the case breaches before its routing is seen', () => {
    const kase = new ClockCase(unrouted({ complainantType: 'anchor-store' }));
    const decided = kase.observe('ComplaintRegistered', receivedAt, after(2 * HOUR));
    expect(told(decided, 'forward-to-responsible')).toEqual([
      expect.objectContaining({
        rung: 'department-manager',
        ladderRung: 'department-manager',
        notified: [{ rung: 'department-manager', staffId: 'sh01-property-mgr', departmentId: 'property' }],
        vacancies: [],
      }),
    ]);
  });

  it('passes a vacant rung to the next one up and records why, never telling nobody', () => {
    const vacantManager: GroupPolicy = {
      ...policy,
      malls: policy.malls.map((mall) =>
        mall.id === 'SH01' ? { ...mall, departments: mall.departments.map((department) => (department.id === 'operations' ? { ...department, managerStaffId: null } : department)) } : mall,
      ),
      staff: policy.staff.map((member) => (member.id === 'sh01-director' ? { ...member, active: false } : member)),
    };
    const kase = new ClockCase(unrouted());
    const decided = kase.observe('ComplaintRegistered', receivedAt, after(2 * HOUR), {}, vacantManager);
    expect(told(decided, 'forward-to-responsible')).toEqual([
      expect.objectContaining({
        rung: 'mall-gm',
        ladderRung: 'department-manager',
        notified: [{ rung: 'mall-gm', staffId: 'sh01-gm' }],
        vacancies: [
          { rung: 'department-manager', departmentId: 'operations', reason: 'operations at SH01 has no department manager' },
          { rung: 'director', reason: 'no active director at SH01' },
        ],
      }),
    ]);
    const everyone = decided.flatMap((decision) => (decision.type === 'SlaEscalated' || decision.type === 'SlaClockWarned' ? decision.data.notified : []));
    expect(everyone.length).toBeGreaterThan(0);
    expect(everyone.every((person) => typeof person.staffId === 'string' && person.staffId.length > 0)).toBe(true);
  });

  it('goes to the director when not even the complainant type is known, and warns the manager when nobody is assigned', () => {
    const kase = new ClockCase(unrouted({ complainantType: null }));
    expect(told(kase.observe('ComplaintRegistered', receivedAt, after(2 * HOUR)), 'forward-to-responsible')).toEqual([
      expect.objectContaining({ rung: 'director', notified: [{ rung: 'director', staffId: 'sh01-director' }], vacancies: [{ rung: 'department-manager', reason: expect.stringContaining('not known') }] }),
    ]);
    const warnedCase = new ClockCase(unrouted());
    warnedCase.observe('ComplaintRegistered', receivedAt);
    expect(warnedCase.fire(after(5 * MINUTE))).toMatchObject([{ type: 'SlaClockWarned', data: { notified: [{ rung: 'department-manager', staffId: 'sh01-operations-mgr' }] } }]);
  });

  it('reads a version-1 escalation to nobody as a vacancy, inventing no one', () => {
    expect(
      upcastSlaEscalatedV1({
        escalationKey: 'k',
        reason: 'breached',
        why: 'w',
        rung: 'department-manager',
        step: 0,
        notified: [{ rung: 'department-manager', staffId: null }],
        scheduledAt: receivedAt.toISOString(),
        escalatedAt: receivedAt.toISOString(),
        policyVersion: 'v',
      }),
    ).toMatchObject({ rung: 'department-manager', ladderRung: 'department-manager', notified: [], vacancies: [{ rung: 'department-manager', reason: expect.stringContaining('before version 2') }] });
  });
});

describe('clock decider: a collective case runs its own clocks from when it was raised', () => {
  it('counts the forward, reply and resolve clocks from the raise, not from the first member’s receipt', () => {
    const raisedAt = after(30 * MINUTE);
    const raised = storedEvent(
      'CollectiveComplaintRaised',
      { caseNumber: 'SH01-C1', category: 'property-management', complainantType: 'street-shop-tenant', receivedAt: receivedAt.toISOString(), members: ['a', 'b', 'c', 'd', 'e'] } as never,
      { occurredAt: raisedAt.toISOString() },
    ) as ComplaintEvent;
    const kase = new ClockCase(noteFacts(emptyFacts('SH01'), raised));
    const decided = kase.observe('CollectiveComplaintRaised', raisedAt);
    expect(types(decided).filter((type) => type !== 'SlaClockStarted')).toEqual([]);
    expect(kase.clock('forward-to-responsible')).toMatchObject({ status: 'running', startedAt: raisedAt.toISOString(), dueAt: after(10 * MINUTE, raisedAt).toISOString() });
    expect(kase.clock('resolve-general').startedAt).toBe(raisedAt.toISOString());
    expect(kase.clock('first-reply').startedAt).toBe(raisedAt.toISOString());
  });
});
