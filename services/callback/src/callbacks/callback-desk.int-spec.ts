import { randomUUID } from 'node:crypto';
import type { CaseOpenedV1, NewEvent } from '@mallcare/contracts';
import { FixedClock } from '@mallcare/platform';
import { addPolicyDurationOnCalendar, policyCalendarFor, SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { ServiceUnderTest } from '@mallcare/service-testing';
import { describeWithKafka } from '@mallcare/testing';
import { callbackService } from '../callback.service-definition';

/**
 * The callback service as it runs (its Nest app, its schema, the real transport), fed by routing's
 * log: the test writes routing's events into routing's schema, as routing would, and works the
 * callback desk over HTTP with staff tokens of the sample group.
 */

interface DueCallback {
  complaintId: string;
  dueAt: string;
  overdue: boolean;
  status: string;
  attempts: number;
  failedAttempts: number;
  caseNumber: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
  nextOffset: number | null;
}
interface SampledCase {
  sampleId: string;
  complaintId: string;
  severity: string;
  result: { reached: boolean; satisfaction: string | null } | null;
}

const DAY = 86_400_000;

/** A Tuesday morning in Shanghai: the desk's "due today" has callbacks whatever day the tests run. */
const NOW = new Date('2026-11-24T02:00:00.000Z');

/** The callback service fed by routing's log, on a clock the test holds. */
class CallbackUnderTest extends ServiceUnderTest {
  private seq = 0;

  constructor(
    brokers: string[] = [],
    readonly clock = new FixedClock(NOW),
  ) {
    super({ definition: callbackService, upstream: ['routing'], brokers, clock });
  }

  /** A case as routing would log it: opened, routed, optionally classified, then resolved at `resolvedAt`. */
  async resolvedCase(
    options: { mallId?: string; opened?: Partial<CaseOpenedV1>; severity?: 'general' | 'major' | 'critical'; resolvedAt?: Date; approved?: boolean } = {},
  ): Promise<string> {
    const mallId = options.mallId ?? 'SH01';
    const complaintId = randomUUID();
    this.seq += 1;
    const resolvedAt = options.resolvedAt ?? this.clock.now();
    const events: NewEvent[] = [
      {
        type: 'CaseOpened',
        data: {
          caseNumber: `${mallId}-20261123-${String(this.seq).padStart(4, '0')}`,
          kind: 'complaint',
          category: 'engineering-equipment',
          channel: 'walk-in',
          complainantType: 'consumer',
          written: false,
          receivedAt: new Date(resolvedAt.getTime() - DAY).toISOString(),
          collectiveMemberIds: [],
          ...options.opened,
        },
      },
      {
        type: 'CaseRouted',
        data: { owningDepartmentId: 'operations', handlingDepartmentId: 'engineering', routingRuleId: 'route-engineering', policyVersion: SAMPLE_GROUP_POLICY.version },
      },
    ];
    if (options.severity) {
      const criteria = options.severity === 'general' ? ['service-shortfall'] : options.severity === 'major' ? ['promised-service-not-delivered'] : ['serious-loss-or-injury'];
      events.push({ type: 'CaseClassified', data: { responsibility: 'responsible', severity: options.severity, criteria } });
    }
    if (options.approved) events.push({ type: 'WrittenReplyApproved', data: { reply: '书面答复 / written reply', approverRole: 'department-manager' } });
    events.push({
      type: 'CaseResolved',
      data: { actionTaken: '已处理 / fixed', customerToldWhat: '电话告知 / told by phone', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' },
      occurredAt: resolvedAt.toISOString(),
    });
    await this.appendRouting(complaintId, mallId, events);
    return complaintId;
  }

  async appendRouting(complaintId: string, mallId: string, events: NewEvent[]): Promise<void> {
    await this.append('routing', `case-${complaintId}`, events, { complaintId, mallId });
  }

  async scheduled(complaintId: string, timeoutMs = 30_000): Promise<DueCallback> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const response = await this.request('sh01-desk-1', 'GET', `/callbacks/${complaintId}`);
      if (response.status === 200) return (await response.json()) as DueCallback;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no callback scheduled for ${complaintId} in ${timeoutMs / 1000}s`);
  }
}

/** A resolution instant whose callback falls due by the end of today in Shanghai (2 working days later). */
const resolvedForToday = (now: Date): Date => {
  const calendar = policyCalendarFor(SAMPLE_GROUP_POLICY, 'SH01');
  const endOfToday = addPolicyDurationOnCalendar(now, { amount: 0, unit: 'working-days' }, calendar).dueAt;
  for (let back = 1; back <= 20; back++) {
    const candidate = new Date(now.getTime() - back * DAY);
    if (addPolicyDurationOnCalendar(candidate, SAMPLE_GROUP_POLICY.callback.within, calendar).dueAt.getTime() === endOfToday.getTime()) return candidate;
  }
  throw new Error(`no resolution falls due on ${now.toISOString()}: NOW must be a working day`);
};

const deskScenario = (callback: CallbackUnderTest) => {
  it('queues callbacks per mall: due today and overdue apart, attempts so far, paged; other malls and SRE kept out', async () => {
    const now = callback.clock.now();
    const overdue = await callback.resolvedCase({ resolvedAt: new Date(now.getTime() - 10 * DAY) });
    const later = await callback.resolvedCase();
    const other = await callback.resolvedCase({ mallId: 'BJ01' });
    const today = await callback.resolvedCase({ resolvedAt: resolvedForToday(now) });
    for (const id of [overdue, later, today]) await callback.scheduled(id);

    const overduePage = await callback.json<Page<DueCallback>>('sh01-desk-1', 'GET', '/callbacks?mallId=SH01&due=overdue');
    expect(overduePage.items.map((item) => item.complaintId)).toContain(overdue);
    expect(overduePage.items.map((item) => item.complaintId)).not.toContain(later);
    expect(overduePage.items.find((item) => item.complaintId === overdue)).toMatchObject({ overdue: true, status: 'due', attempts: 0, caseNumber: expect.stringMatching(/^SH01-/) });
    const todayPage = await callback.json<Page<DueCallback>>('sh01-desk-1', 'GET', '/callbacks?due=today');
    expect(todayPage.items.map((item) => item.complaintId)).not.toContain(overdue);
    expect(todayPage.items.map((item) => item.complaintId)).not.toContain(later);
    expect(todayPage.items.map((item) => item.complaintId)).toContain(today);

    const first = await callback.json<Page<DueCallback>>('sh01-desk-1', 'GET', '/callbacks?limit=1');
    expect(first).toMatchObject({ total: expect.any(Number), nextOffset: 1 });
    expect(first.items).toHaveLength(1);
    const all = await callback.json<Page<DueCallback>>('sh01-desk-1', 'GET', '/callbacks');
    expect(all.items.map((item) => item.complaintId)).not.toContain(other);
    expect((await callback.json<Page<DueCallback>>('hq-ops-1', 'GET', '/callbacks?mallId=BJ01')).items.map((item) => item.complaintId)).toContain(other);
    expect((await callback.request('sh01-desk-1', 'GET', '/callbacks?mallId=BJ01')).status).toBe(403);
    expect((await callback.request('hq-sre', 'GET', '/callbacks')).status).toBe(403);
    expect((await callback.request('sh01-desk-1', 'GET', '/callbacks?due=tomorrow')).status).toBe(400);
    expect((await callback.request('sh01-desk-1', 'GET', `/callbacks/${other}`)).status).toBe(404);
    expect((await callback.request('hq-ops-1', 'POST', `/callbacks/${later}/attempts`, { method: 'phone', reached: false })).status).toBe(403);
  });

  it('ends as unreachable after the policy’s failed attempts: closed, counted as attempted, not satisfied', async () => {
    const id = await callback.resolvedCase();
    await callback.scheduled(id);
    for (const notes of ['无人接听 / no answer', '关机 / phone off']) {
      const { events } = await callback.json<{ events: { type: string }[] }>('sh01-desk-1', 'POST', `/callbacks/${id}/attempts`, { method: 'phone', reached: false, notes });
      expect(events.map((event) => event.type)).toEqual(['CallbackAttemptRecorded']);
    }
    const third = await callback.json<{ events: { type: string; data: Record<string, unknown> }[] }>('sh01-operations-1', 'POST', `/callbacks/${id}/attempts`, {
      method: 'letter',
      reached: false,
      notes: '信件退回 / letter returned',
    });
    expect(third.events.map((event) => event.type)).toEqual(['CallbackAttemptRecorded', 'CallbackUnreachable', 'CaseClosed']);
    expect(third.events[1].data).toMatchObject({ failedAttempts: 3, reason: expect.stringContaining('信件退回') });
    expect(await callback.json('sh01-desk-1', 'GET', `/callbacks/${id}`)).toMatchObject({ status: 'closed', closedBecause: 'unreachable', attempts: 3, failedAttempts: 3 });
    const refused = await callback.request('sh01-desk-1', 'POST', `/callbacks/${id}/attempts`, { method: 'phone', reached: true });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'CALLBACK_NOT_DUE' });
  });

  it('a written complaint completes its callback only with the approved written reply; a tenant must confirm', async () => {
    const written = await callback.resolvedCase({ opened: { written: true, channel: 'letter' } });
    await callback.scheduled(written);
    const refused = await callback.request('sh01-desk-1', 'POST', `/callbacks/${written}/outcome`, { method: 'letter', satisfaction: 'satisfied', solved: true });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'CALLBACK_RULE_BROKEN', rule: 'written-reply-approval-required' });
    const approved = await callback.resolvedCase({ opened: { written: true, channel: 'letter' }, approved: true });
    await callback.scheduled(approved);
    await callback.json('sh01-desk-1', 'POST', `/callbacks/${approved}/outcome`, { method: 'letter', satisfaction: 'satisfied', solved: true });

    const tenant = await callback.resolvedCase({ opened: { complainantType: 'street-shop-tenant' } });
    await callback.scheduled(tenant);
    const unconfirmed = await callback.request('sh01-desk-1', 'POST', `/callbacks/${tenant}/outcome`, { method: 'visit', satisfaction: 'satisfied', solved: true });
    expect(await unconfirmed.json()).toMatchObject({ status: 422, rule: 'tenant-confirmation-required' });
    const confirmed = await callback.json<{ events: { type: string }[] }>('sh01-desk-1', 'POST', `/callbacks/${tenant}/outcome`, {
      method: 'visit',
      satisfaction: 'satisfied',
      solved: true,
      tenantConfirmed: true,
    });
    expect(confirmed.events.map((event) => event.type)).toEqual(['CallbackOutcomeRecorded', 'CaseClosed']);
  });

  it('a case reopened by hand while its callback is due withdraws it; the new resolution schedules the next one', async () => {
    const id = await callback.resolvedCase();
    await callback.scheduled(id);
    await callback.appendRouting(id, 'SH01', [{ type: 'CaseReopened', data: { reason: '顾客来电：仍有异响 / the customer called: still noisy' } }]);
    const deadline = Date.now() + 30_000;
    while ((await callback.json<DueCallback>('sh01-desk-1', 'GET', `/callbacks/${id}`)).status !== 'withdrawn' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await callback.request('sh01-desk-1', 'POST', `/callbacks/${id}/outcome`, { method: 'phone', satisfaction: 'satisfied', solved: true });
    expect(await refused.json()).toMatchObject({ status: 422, code: 'CALLBACK_NOT_DUE' });
    expect((await callback.json<Page<DueCallback>>('sh01-desk-1', 'GET', '/callbacks?limit=200')).items.map((item) => item.complaintId)).not.toContain(id);
    await callback.appendRouting(id, 'SH01', [
      { type: 'CaseResolved', data: { actionTaken: '更换轴承 / new bearing', customerToldWhat: '电话告知 / told by phone', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' } },
    ]);
    while ((await callback.json<DueCallback & { round: number }>('sh01-desk-1', 'GET', `/callbacks/${id}`)).round !== 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await callback.json('sh01-desk-1', 'GET', `/callbacks/${id}`)).toMatchObject({ round: 2, status: 'due', attempts: 0 });
  });

  it('HQ samples a mall’s resolved major/critical cases at random and keeps its results apart', async () => {
    const major = await callback.resolvedCase({ severity: 'major' });
    const critical = await callback.resolvedCase({ severity: 'critical' });
    const general = await callback.resolvedCase({ severity: 'general' });
    for (const id of [major, critical, general]) await callback.scheduled(id);

    expect((await callback.request('sh01-desk-1', 'POST', '/callbacks/samples', { mallId: 'SH01', size: 2 })).status).toBe(403);
    expect((await callback.request('hq-ops-1', 'POST', '/callbacks/samples', { mallId: 'SH01', size: 0 })).status).toBe(400);
    const sample = await callback.json<{ sampleId: string; eligible: number; cases: SampledCase[] }>('hq-ops-1', 'POST', '/callbacks/samples', { mallId: 'SH01', size: 5 });
    expect(sample.eligible).toBe(2);
    expect(sample.cases.map((entry) => entry.complaintId).sort()).toEqual([major, critical].sort());
    expect((await callback.request('hq-ops-1', 'POST', '/callbacks/samples', { mallId: 'SH01', size: 1 })).status).toBe(422);

    const result = await callback.json<SampledCase>('hq-ops-2', 'POST', `/callbacks/samples/${sample.sampleId}/cases/${major}/result`, {
      method: 'phone',
      reached: true,
      satisfaction: 'dissatisfied',
      solved: false,
      comment: '总部回访：仍不满意 / HQ callback: still unhappy',
    });
    expect(result.result).toMatchObject({ reached: true, satisfaction: 'dissatisfied' });
    // Kept apart: the mall's own callback of that case is still simply due.
    expect(await callback.json('sh01-desk-1', 'GET', `/callbacks/${major}`)).toMatchObject({ status: 'due', satisfaction: null });
    const listed = await callback.json<Page<SampledCase>>('hq-ops-1', 'GET', '/callbacks/samples?mallId=SH01');
    expect(listed.items.find((entry) => entry.complaintId === major)?.result).toMatchObject({ satisfaction: 'dissatisfied' });
    expect(listed.items.find((entry) => entry.complaintId === critical)?.result).toBeNull();
  });

  it('serves callbacks due, overdue, completed by outcome and the satisfaction rate per mall on /metrics', async () => {
    const metrics = await (await fetch(`${callback.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/mallcare_callbacks_due\{[^}]*mall="SH01"/);
    expect(metrics).toMatch(/mallcare_callbacks_overdue\{[^}]*mall="SH01"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/mallcare_callbacks_completed\{[^}]*mall="SH01"[^}]*outcome="unreachable"[^}]*\} 1/);
    expect(metrics).toMatch(/mallcare_callback_satisfaction_ratio\{[^}]*mall="SH01"[^}]*\} 1/);
  });
};

describe('the callback desk on PostgreSQL (embedded transport)', () => {
  const callback = new CallbackUnderTest();
  beforeAll(() => callback.start());
  afterAll(() => callback.stop());
  deskScenario(callback);
});

describeWithKafka('the callback desk over Kafka (real broker and PostgreSQL)', (brokers) => {
  const callback = new CallbackUnderTest(brokers);
  beforeAll(() => callback.start());
  afterAll(() => callback.stop());
  deskScenario(callback);
});
