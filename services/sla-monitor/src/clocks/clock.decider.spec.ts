import type { ComplaintEvent, ComplaintEventType } from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY, type GroupPolicy } from '@mallcare/policy';
import { storedEvent } from '@mallcare/testing';
import { emptyFacts, type SlaCaseFacts } from './clock-facts';
import { clockDecider, NoClockToChange, nextFireAt, type ClockCommand, type ClockDecision, type ClocksState } from './clock.decider';

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
    return this.events.reduce(clockDecider.evolve, clockDecider.initialState());
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
    expect(started.map((data) => data.clockKind)).toEqual(['forward-to-responsible', 'resolve-general', 'first-reply', 'unresolved-upgrade']);
    expect(started.find((data) => data.clockKind === 'forward-to-responsible')).toMatchObject({
      clockId: 'forward-to-responsible#1',
      startedAt: receivedAt.toISOString(),
      dueAt: '2026-11-23T02:10:00.000Z',
      targetMinutes: 10,
      policyVersion: policy.version,
      calendarCoverage: { status: 'official' },
      warnAt: [],
      byCustomerDeadline: false,
    });
    expect(started.find((data) => data.clockKind === 'resolve-general')).toMatchObject({ dueAt: '2026-11-26T02:00:00.000Z', warnAt: ['2026-11-25T08:00:00.000Z'] });
    // One working day: the end of Tuesday in Shanghai.
    expect(started.find((data) => data.clockKind === 'first-reply')).toMatchObject({ dueAt: '2026-11-24T15:59:59.999Z' });
    expect(started.find((data) => data.clockKind === 'unresolved-upgrade')).toMatchObject({ dueAt: '2026-12-23T02:00:00.000Z' });
  });

  it('starts the equipment reply clock and a tenant’s one-hour business clock only when their conditions hold, and nothing for an inquiry', () => {
    expect(types(new ClockCase(factsOf({ kind: 'inquiry' })).observe('ComplaintRegistered', receivedAt))).toEqual([]);
    const tenant = new ClockCase(factsOf({ complainantType: 'street-shop-tenant', category: 'engineering-equipment' }));
    const kinds = tenant.observe('ComplaintRegistered', receivedAt).map((decision) => (decision.data as { clockKind: string }).clockKind);
    expect(kinds).toEqual(expect.arrayContaining(['business-affected', 'reply-equipment']));
    expect(tenant.clock('business-affected').dueAt).toBe('2026-11-23T03:00:00.000Z');
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
    const resolvedAt = after(26 * HOUR);
    const decided = kase.observe('CaseResolved', resolvedAt, resolvedAt, { resolved: true });
    const met = decided.flatMap((decision) => (decision.type === 'SlaClockMet' ? [[decision.data.clockKind, decision.data.withinTarget]] : []));
    expect(met).toEqual([
      ['resolve-general', true],
      ['first-reply', true],
      ['unresolved-upgrade', true],
    ]);
    expect(kase.clock('forward-to-responsible')).toMatchObject({ status: 'met', withinTarget: true });
    // Resolved Tuesday 12:00 local: Wednesday and Thursday are the two working days.
    expect(kase.clock('callback')).toMatchObject({ status: 'running', dueAt: '2026-11-26T15:59:59.999Z' });
  });

  it('starts the resolve clock again when the case is reopened, and a second callback clock on the second resolution', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
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
    const kase = new ClockCase(factsOf({ seen: { CaseRouted: after(2 * MINUTE).toISOString() } }));
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
    const kase = new ClockCase(factsOf({ complainantType: 'street-shop-tenant', handlerStaffId: null }));
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

  it('tells the GM and HQ at once of a major case, and the GM and marketing of a media risk, once each', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
    const major = kase.observe('CaseClassified', after(HOUR), after(HOUR), { responsibility: 'responsible', severity: 'major' });
    expect(escalations(major)).toEqual([
      { rung: 'mall-gm', step: 0, staff: ['sh01-gm'], clock: undefined, notice: 'major-or-collective' },
      { rung: 'group-hq', step: 1, staff: ['hq-ops-1', 'hq-ops-2'], clock: undefined, notice: 'major-or-collective' },
    ]);
    expect(escalations(kase.observe('CaseSeveritySetBySystem', after(2 * HOUR), after(2 * HOUR), { severity: 'critical' }))).toEqual([]);
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
    expect(() => kase.run({ type: 'PauseClocks', data: { reason: 'x', by: 'a', policy, now: receivedAt } })).toThrow(NoClockToChange);
    kase.observe('ComplaintRegistered', receivedAt);
    expect(() => kase.run({ type: 'ResumeClocks', data: { by: 'a', now: receivedAt } })).toThrow(NoClockToChange);
  });

  it('recomputes open clocks from their own events when a new policy version is in force, keeping paused time out', () => {
    const kase = new ClockCase(factsOf());
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
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
});

describe('clock decider: the one-month upgrade', () => {
  it('makes a responsible case still open after a month due an upgrade to major', () => {
    const kase = new ClockCase(factsOf({ responsibility: 'responsible', severity: 'general' }));
    kase.observe('ComplaintRegistered', receivedAt);
    kase.observe('CaseRouted', after(5 * MINUTE));
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
