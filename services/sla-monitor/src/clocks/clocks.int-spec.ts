import { randomUUID } from 'node:crypto';
import { ORGANISATION_STREAM_KEY, type ComplaintRegisteredV3, type NewEvent } from '@mallcare/contracts';
import { policyVersionOf, SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { caseNumberOf, logRegistration, ServiceUnderTest, tenantsCollective, walkInRegistration, WATER_AT_SHOP } from '@mallcare/service-testing';
import { bearerFor, describeWithKafka } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { slaMonitorService } from '../sla-monitor.service-definition';

/**
 * sla-monitor as it runs (its Nest app, its schema, the durable timer, the real transport), fed by
 * intake's and routing's logs: the test appends their events to their own schemas, as they would.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface ClockView {
  clockId: string;
  kind: string;
  status: string;
  dueAt: string;
  escalations: number;
  policyVersion: string;
}
interface ClocksView {
  complaintId: string;
  mallId: string;
  clocks: ClockView[];
}
interface StoredRow {
  event_type: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/** sla-monitor fed by intake's, routing's and callback's logs (callback's for the callback clock, though these tests write nothing there). */
class SlaUnderTest extends ServiceUnderTest {
  private seq = 0;

  constructor(brokers: string[] = []) {
    super({ definition: slaMonitorService, upstream: ['intake', 'routing', 'callback'], brokers });
  }

  /** Reads sla-monitor's own tables (the test's database holds every schema). */
  private get source(): DataSource {
    return this.log('intake').dataSource;
  }

  async register(data: Partial<ComplaintRegisteredV3> = {}): Promise<string> {
    this.seq += 1;
    return logRegistration(this, 'SH01', walkInRegistration('SH01', { caseNumber: caseNumberOf('SH01', '20261123', this.seq), ...WATER_AT_SHOP, ...data }));
  }

  /** Intake raises a collective case now over five tenants' registrations, the first received at `firstReceivedAt`. */
  async raiseCollective(firstReceivedAt: string): Promise<string> {
    const complaintId = randomUUID();
    this.seq += 1;
    const members = Array.from({ length: 5 }, () => randomUUID());
    await this.append(
      'intake',
      `complaint-${complaintId}`,
      [
        {
          type: 'CollectiveComplaintRaised',
          data: tenantsCollective({
            caseNumber: `SH01-20261123-9${String(this.seq).padStart(3, '0')}`,
            category: 'property-management',
            matterKey: 'power-cut-l1',
            description: '一层停电 / power cut on L1',
            receivedAt: firstReceivedAt,
            members,
          }),
        },
      ],
      { complaintId, mallId: 'SH01', expectedVersion: 0 },
    );
    return complaintId;
  }

  async appendRouting(complaintId: string, events: NewEvent[], mallId = 'SH01'): Promise<void> {
    await this.append('routing', `case-${complaintId}`, events, { complaintId, mallId });
  }

  async appendCallback(complaintId: string, events: NewEvent[], mallId = 'SH01'): Promise<void> {
    await this.append('callback', `callback-${complaintId}`, events, { complaintId, mallId });
  }

  async clocks(complaintId: string, staffId = 'sh01-property-mgr'): Promise<{ status: number; body: ClocksView }> {
    const response = await fetch(`${this.baseUrl}/clocks/${complaintId}`, { headers: { authorization: bearerFor(staffId) } });
    return { status: response.status, body: (await response.json()) as ClocksView };
  }

  async until(complaintId: string, holds: (view: ClocksView) => boolean, what: string, timeoutMs = 20_000): Promise<ClocksView> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const { status, body } = await this.clocks(complaintId);
      last = `${status} ${JSON.stringify(body).slice(0, 400)}`;
      if (status === 200 && holds(body)) return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${what} not seen in ${timeoutMs / 1000}s; last: ${last}`);
  }


  slaEvents(complaintId: string): Promise<StoredRow[]> {
    return this.source.query(`SELECT event_type, data, occurred_at FROM sla_monitor.events WHERE stream_id = $1 ORDER BY stream_position`, [`sla-${complaintId}`]);
  }

  notifications(complaintId: string): Promise<{ notification_key: string; staff_id: string | null; rung: string }[]> {
    return this.source.query(`SELECT notification_key, staff_id, rung FROM sla_monitor.notification_outbox WHERE complaint_id = $1 ORDER BY id`, [complaintId]);
  }
}

const clockOf = (view: ClocksView, kind: string): ClockView | undefined => view.clocks.find((clock) => clock.kind === kind);

const businessAffectingBreachesAtOnce = async (sla: SlaUnderTest): Promise<void> => {
  const id = await sla.register({ complainantType: 'street-shop-tenant', tenantUnit: 'L1-012', businessAffected: true, receivedAt: new Date(Date.now() - 2 * HOUR).toISOString() });
  const started = Date.now();
  const view = await sla.until(id, (clocks) => clockOf(clocks, 'business-affected')?.escalations === 3, 'business-affected breached and escalated');
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(clockOf(view, 'business-affected')).toMatchObject({ status: 'breached', policyVersion: SAMPLE_GROUP_POLICY.version });
  const events = await sla.slaEvents(id);
  const escalated = events.filter((row) => row.event_type === 'SlaEscalated' && row.data.clockKind === 'business-affected');
  expect(escalated.map((row) => [row.data.rung, (row.data.notified as { staffId: string }[]).map((person) => person.staffId)])).toEqual([
    ['director', ['sh01-director']],
    ['mall-gm', ['sh01-gm']],
    ['group-hq', ['hq-ops-1', 'hq-ops-2']],
  ]);
  expect(events.filter((row) => row.event_type === 'SlaClockBreached').map((row) => row.data.clockKind)).toEqual(expect.arrayContaining(['business-affected', 'forward-to-responsible']));
  // Only this clock's: the case's other clocks warn or breach too, depending on the time of day the test runs.
  const notes = (await sla.notifications(id)).filter((note) => note.notification_key.includes('business-affected'));
  expect(notes.map((note) => note.staff_id)).toEqual(['sh01-director', 'sh01-gm', 'hq-ops-1', 'hq-ops-2']);
};

/** Issue 11 items 1–3 across services: the forward clock waits for the acknowledgement, escalations name people, a collective starts fresh. */
const forwardWaitsForTheAcknowledgement = async (sla: SlaUnderTest): Promise<void> => {
  const id = await sla.register();
  await sla.until(id, (view) => clockOf(view, 'forward-to-responsible')?.status === 'running', 'forward clock started');
  await sla.appendRouting(id, [
    { type: 'CaseRouted', data: { owningDepartmentId: 'operations', handlingDepartmentId: 'property', routingRuleId: 'route-property', policyVersion: SAMPLE_GROUP_POLICY.version } },
    { type: 'CaseAssigned', data: { staffId: 'sh01-property-1', departmentId: 'property', rule: 'roster', policyVersion: SAMPLE_GROUP_POLICY.version } },
    { type: 'CaseProgressNoted', data: { note: '已联系 / contacted', departmentId: 'property' } },
  ]);
  // The progress note comes after the routing: once sla-monitor has seen it, it has seen the routing and assignment too.
  const routed = await sla.until(id, (view) => clockOf(view, 'first-reply')?.status === 'met', 'routing and the note seen');
  expect(clockOf(routed, 'forward-to-responsible')?.status).toBe('running');
  await sla.appendRouting(id, [{ type: 'CaseAccepted', data: { departmentId: 'property' } }]);
  await sla.until(id, (view) => clockOf(view, 'forward-to-responsible')?.status === 'met', 'forward clock met by the acknowledgement');
  const met = (await sla.slaEvents(id)).filter((row) => row.event_type === 'SlaClockMet' && row.data.clockKind === 'forward-to-responsible');
  expect(met.map((row) => row.data.withinTarget)).toEqual([true]);
};

const escalationsNameSomebody = async (sla: SlaUnderTest): Promise<void> => {
  // Received two hours ago, never routed: forward, identification (maybe) and the rest breach before any routing is seen.
  const id = await sla.register({ complainantType: 'anchor-store', receivedAt: new Date(Date.now() - 2 * HOUR).toISOString() });
  await sla.until(id, (view) => (clockOf(view, 'forward-to-responsible')?.escalations ?? 0) >= 1, 'forward clock breached and escalated');
  const escalated = (await sla.slaEvents(id)).filter((row) => row.event_type === 'SlaEscalated');
  expect(escalated.length).toBeGreaterThan(0);
  const forward = escalated.find((row) => row.data.clockKind === 'forward-to-responsible');
  expect(forward?.data).toMatchObject({ rung: 'department-manager', notified: [{ rung: 'department-manager', staffId: 'sh01-property-mgr', departmentId: 'property' }] });
  for (const row of escalated) {
    const notified = row.data.notified as { staffId: string | null }[];
    expect(notified.length).toBeGreaterThan(0);
    expect(notified.every((person) => typeof person.staffId === 'string')).toBe(true);
  }
  const notes = await sla.notifications(id);
  expect(notes.length).toBeGreaterThan(0);
  expect(notes.filter((note) => note.staff_id === null)).toEqual([]);
};

const collectiveStartsWhenRaised = async (sla: SlaUnderTest): Promise<void> => {
  const firstCall = new Date(Date.now() - 30 * MINUTE).toISOString();
  const id = await sla.raiseCollective(firstCall);
  const view = await sla.until(id, (clocks) => clockOf(clocks, 'forward-to-responsible') !== undefined, 'collective clocks started');
  const events = await sla.slaEvents(id);
  const raisedAt = Date.parse(String(events[0].data.startedAt));
  expect(raisedAt).toBeGreaterThan(Date.parse(firstCall) + 25 * MINUTE);
  expect(clockOf(view, 'forward-to-responsible')).toMatchObject({ status: 'running', escalations: 0 });
  expect(events.filter((row) => row.event_type === 'SlaClockBreached')).toEqual([]);
};

describe('sla-monitor clocks (real PostgreSQL, embedded transport)', () => {
  const sla = new SlaUnderTest();
  beforeAll(async () => {
    process.env.SLA_TIMER_POLL_MS = '100';
    await sla.start();
  });
  afterAll(() => sla.stop());

  it('breaches and escalates at once a business-affecting tenant complaint received two hours ago', () => businessAffectingBreachesAtOnce(sla));

  it('keeps the forward clock running through routing and assignment, and meets it on the acknowledgement', () => forwardWaitsForTheAcknowledgement(sla));

  it('names the owning department’s manager when a clock breaches before the routing is seen, and queues no notification to nobody', () => escalationsNameSomebody(sla));

  it('starts a collective case’s clocks when it is raised, not at its first member’s receipt', () => collectiveStartsWhenRaised(sla));

  it('closes the clocks of a case resolved in time as met, and starts the callback clock', async () => {
    const id = await sla.register({ receivedAt: new Date(Date.now() - MINUTE).toISOString() });
    await sla.until(id, (view) => view.clocks.length === 5, 'five clocks started');
    await sla.appendRouting(id, [
      { type: 'CaseRouted', data: { owningDepartmentId: 'operations', handlingDepartmentId: 'property', routingRuleId: 'route-property', policyVersion: SAMPLE_GROUP_POLICY.version } },
      { type: 'CaseResolved', data: { actionTaken: '已清理 / cleared', customerToldWhat: '电话告知 / told by phone', owningDepartmentId: 'operations', handlingDepartmentId: 'property' } },
    ]);
    const view = await sla.until(id, (clocks) => clocks.clocks.some((clock) => clock.kind === 'callback'), 'resolved and callback clock started');
    expect(view.clocks.map((clock) => [clock.kind, clock.status])).toEqual([
      ['forward-to-responsible', 'met'],
      ['resolve-general', 'met'],
      ['first-reply', 'met'],
      ['unresolved-upgrade', 'met'],
      ['identify-responsibility', 'met'],
      ['callback', 'running'],
    ]);
    const met = (await sla.slaEvents(id)).filter((row) => row.event_type === 'SlaClockMet');
    expect(met.every((row) => row.data.withinTarget === true)).toBe(true);

    const listed = await sla.request('sh01-property-mgr', 'GET', '/clocks?mallId=SH01&departmentId=property');
    const listedText = await listed.text();
    expect([listed.status, listedText]).toEqual([200, expect.any(String)]);
    const open = JSON.parse(listedText) as { items: { complaintId: string; kind: string; dueAt: string }[] };
    expect(open.items.filter((item) => item.complaintId === id).map((item) => item.kind)).toEqual(['callback']);
    const dues = open.items.map((item) => item.dueAt);
    expect([...dues].sort()).toEqual(dues);
    expect((await sla.request('bj01-property-mgr', 'GET', '/clocks?mallId=SH01')).status).toBe(403);
    expect((await sla.request('sh01-property-mgr', 'GET', '/clocks?state=sleeping')).status).toBe(400);
  });

  it('pauses with a reason and resumes by HTTP, moving the deadline by the paused time', async () => {
    const id = await sla.register();
    const before = await sla.until(id, (view) => view.clocks.length === 5, 'clocks started');
    expect((await sla.request('sh01-property-1', 'POST', `/clocks/${id}/pause`, {})).status).toBe(400);
    const paused = await sla.request('sh01-property-1', 'POST', `/clocks/${id}/pause`, { reason: '等待顾客提供照片 / waiting for photos' });
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as ClocksView).clocks.find((clock) => clock.kind === 'resolve-general')?.status).toBe('paused');
    expect((await sla.request('sh01-desk-1', 'POST', `/clocks/${id}/resume`)).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const resumed = await sla.request('sh01-property-1', 'POST', `/clocks/${id}/resume`);
    expect(resumed.status).toBe(200);
    const after = clockOf((await resumed.json()) as ClocksView, 'resolve-general');
    expect(after?.status).toBe('running');
    expect(Date.parse(after?.dueAt ?? '') - Date.parse(clockOf(before, 'resolve-general')?.dueAt ?? '')).toBeGreaterThanOrEqual(300);
    expect((await sla.request('sh01-property-1', 'POST', `/clocks/${id}/resume`)).status).toBe(409);
  });

  it('fires a breach exactly once when sla-monitor restarts between the warning and the breach', async () => {
    // The customer asked for it within 12 s of receipt: the warning (75 %) is due now, the breach in 3 s.
    const now = Date.now();
    const id = await sla.register({ receivedAt: new Date(now - 9_000).toISOString(), requestedDeadline: new Date(now + 3_000).toISOString() });
    const warned = await sla.until(id, (view) => clockOf(view, 'resolve-general')?.status === 'warned', 'resolve clock warned');
    const dueAt = Date.parse(clockOf(warned, 'resolve-general')?.dueAt ?? '');
    expect(Date.now()).toBeLessThan(dueAt);
    await sla.stopApp();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now()) + 500));
    await sla.startApp();
    await sla.until(id, (view) => clockOf(view, 'resolve-general')?.status === 'breached', 'resolve clock breached after the restart');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const events = await sla.slaEvents(id);
    const ofResolve = events.filter((row) => row.data.clockKind === 'resolve-general').map((row) => row.event_type);
    expect(ofResolve).toEqual(['SlaClockStarted', 'SlaClockWarned', 'SlaClockBreached', 'SlaEscalated']);
    const keys = (await sla.notifications(id)).map((note) => note.notification_key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('recomputes open clocks when a new policy version comes into force, recording the version', async () => {
    const id = await sla.register();
    const before = await sla.until(id, (view) => view.clocks.length === 5, 'clocks started');
    const revised = {
      ...SAMPLE_GROUP_POLICY,
      version: policyVersionOf(SAMPLE_GROUP_POLICY, 2),
      revision: 2,
      effectiveFrom: new Date().toISOString(),
      clocks: SAMPLE_GROUP_POLICY.clocks.map((clock) => (clock.kind === 'resolve-general' ? { ...clock, target: { amount: 2, unit: 'days' as const } } : clock)),
    };
    await sla.appendRouting(ORGANISATION_STREAM_KEY, [
      {
        type: 'GroupPolicyChanged',
        data: {
          version: revised.version,
          revision: 2,
          previousVersion: SAMPLE_GROUP_POLICY.version,
          effectiveFrom: revised.effectiveFrom,
          change: { kind: 'group-settings', mallId: null, staffId: null, summary: 'resolve within 2 days', changedPaths: ['clocks'] },
          changedBy: 'hq-admin',
          policy: revised as unknown as Record<string, unknown>,
        },
      },
    ], 'HQ');
    const after = await sla.until(id, (view) => clockOf(view, 'resolve-general')?.policyVersion === revised.version, 'resolve clock recomputed', 30_000);
    expect(Date.parse(clockOf(before, 'resolve-general')?.dueAt ?? '') - Date.parse(clockOf(after, 'resolve-general')?.dueAt ?? '')).toBe(24 * HOUR);
    const recomputed = (await sla.slaEvents(id)).filter((row) => row.event_type === 'SlaClockRecomputed' && row.data.clockKind === 'resolve-general');
    expect(recomputed.map((row) => [row.data.previousPolicyVersion, row.data.policyVersion])).toEqual([[SAMPLE_GROUP_POLICY.version, revised.version]]);
  });

  it('starts the one-hour business clock only when the desk said the business is affected', async () => {
    const id = await sla.register({ complainantType: 'street-shop-tenant', tenantUnit: 'L1-013' });
    const view = await sla.until(id, (clocks) => clocks.clocks.length === 5, 'clocks started');
    expect(view.clocks.map((clock) => clock.kind)).not.toContain('business-affected');
    const said = await sla.register({ complainantType: 'street-shop-tenant', tenantUnit: 'L1-014', businessAffected: false });
    expect((await sla.until(said, (clocks) => clocks.clocks.length === 5, 'clocks started')).clocks.map((clock) => clock.kind)).not.toContain('business-affected');
  });

  it('meets the same-day identification when the case is verified invalid', async () => {
    const id = await sla.register();
    const started = await sla.until(id, (view) => view.clocks.length === 5, 'clocks started');
    const identify = clockOf(started, 'identify-responsibility');
    // 24:00 of the day of receipt in Shanghai: 15:59:59.999Z of the Shanghai date of now.
    const shanghaiDate = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
    expect(identify?.dueAt).toBe(`${shanghaiDate}T15:59:59.999Z`);
    await sla.appendRouting(id, [{ type: 'CaseVerified', data: { validity: 'invalid', reason: '非本商场经营范围 / not the mall’s business' } }]);
    const view = await sla.until(id, (clocks) => clockOf(clocks, 'identify-responsibility')?.status === 'met', 'identification met');
    expect(clockOf(view, 'resolve-general')?.status).toBe('running');
  });

  it('tells the GM and group HQ of a major case whose incident report is a day late, and meets both clocks when it is filed in time', async () => {
    const now = Date.now();
    const late = await sla.register({ receivedAt: new Date(now - 3 * 24 * HOUR).toISOString() });
    await sla.until(late, (view) => view.clocks.length === 5, 'clocks started');
    await sla.appendRouting(late, [
      {
        type: 'CaseClassified',
        data: { responsibility: 'responsible', severity: 'major', criteria: ['promised-service-not-delivered'] },
        occurredAt: new Date(now - 2 * 24 * HOUR).toISOString(),
      },
    ]);
    const breached = await sla.until(
      late,
      (view) => clockOf(view, 'major-to-gm-same-day')?.escalations === 1 && clockOf(view, 'major-to-hq-next-day')?.escalations === 1,
      'GM and HQ told',
    );
    // The version in force when it started (an earlier test put a revision in force).
    expect(clockOf(breached, 'major-to-gm-same-day')).toMatchObject({ status: 'breached', policyVersion: expect.stringMatching(/^sample-group-r\d+$/) });
    const told = (await sla.slaEvents(late)).filter((row) => row.event_type === 'SlaEscalated' && String(row.data.clockKind).startsWith('major-'));
    expect(told.map((row) => [row.data.clockKind, row.data.rung, (row.data.notified as { staffId: string }[]).map((person) => person.staffId)])).toEqual([
      ['major-to-gm-same-day', 'mall-gm', ['sh01-gm']],
      ['major-to-hq-next-day', 'group-hq', ['hq-ops-1', 'hq-ops-2']],
    ]);

    const inTime = await sla.register();
    await sla.until(inTime, (view) => view.clocks.length === 5, 'clocks started');
    await sla.appendRouting(inTime, [
      { type: 'CaseSeveritySetBySystem', data: { severity: 'critical', rule: 'channel-media', reason: 'reported by a newspaper', policyVersion: SAMPLE_GROUP_POLICY.version } },
    ]);
    await sla.until(inTime, (view) => clockOf(view, 'major-to-hq-next-day')?.status === 'running', 'major clocks started');
    await sla.appendRouting(inTime, [{ type: 'IncidentReportFiled', data: { severity: 'critical', summary: 's', cause: 'c', impact: 'i', measures: 'm' } }]);
    const met = await sla.until(inTime, (view) => clockOf(view, 'major-to-hq-next-day')?.status === 'met' && clockOf(view, 'major-to-gm-same-day')?.status === 'met', 'reported');
    expect(met.clocks.filter((clock) => clock.kind.startsWith('major-')).map((clock) => clock.escalations)).toEqual([0, 0]);
  });

  it('calls back a customer dissatisfied at the first callback within 3 h of the next resolution', async () => {
    const id = await sla.register();
    await sla.until(id, (view) => view.clocks.length === 5, 'clocks started');
    const resolved = { actionTaken: '已处理 / done', customerToldWhat: '电话告知 / told by phone', owningDepartmentId: 'operations', handlingDepartmentId: 'property' };
    await sla.appendRouting(id, [{ type: 'CaseResolved', data: resolved }]);
    await sla.until(id, (view) => clockOf(view, 'callback')?.status === 'running', 'callback clock started');
    await sla.appendCallback(id, [
      { type: 'CallbackOutcomeRecorded', data: { method: 'phone', satisfaction: 'dissatisfied', solved: false, satisfied: false, policyVersion: SAMPLE_GROUP_POLICY.version } },
    ]);
    await sla.until(id, (view) => clockOf(view, 'callback')?.status === 'met', 'first callback met');
    const resolvedAgainAt = new Date();
    await sla.appendRouting(id, [
      { type: 'CaseReopened', data: { reason: 'callback: customer dissatisfied' } },
      { type: 'CaseResolved', data: resolved, occurredAt: resolvedAgainAt.toISOString() },
    ]);
    const view = await sla.until(id, (clocks) => clockOf(clocks, 'callback-grumbling')?.status === 'running', 'grumbling callback clock started');
    expect(clockOf(view, 'callback-grumbling')?.dueAt).toBe(new Date(resolvedAgainAt.getTime() + 3 * HOUR).toISOString());
    expect(view.clocks.filter((clock) => clock.kind === 'callback')).toHaveLength(1);
  });

  it('serves its metrics', async () => {
    const text = await (await fetch(`${sla.baseUrl}/metrics`)).text();
    for (const name of ['mallcare_sla_open_clocks', 'mallcare_sla_breaches_total', 'mallcare_sla_escalations_total', 'mallcare_sla_timer_lag_seconds_bucket', 'mallcare_sla_time_to_resolve_seconds']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/mallcare_sla_open_clocks\{[^}]*mall_id="SH01"[^}]*state="breached"/);
  });
});

describeWithKafka('sla-monitor clocks over Kafka (real broker and PostgreSQL)', (brokers) => {
  const sla = new SlaUnderTest(brokers);
  beforeAll(async () => {
    process.env.SLA_TIMER_POLL_MS = '100';
    await sla.start();
  }, 60_000);
  afterAll(() => sla.stop());

  it('breaches and escalates at once a business-affecting tenant complaint received two hours ago', () => businessAffectingBreachesAtOnce(sla), 60_000);

  it('keeps the forward clock running through routing and assignment, and meets it on the acknowledgement', () => forwardWaitsForTheAcknowledgement(sla), 60_000);

  it('names the owning department’s manager when a clock breaches before the routing is seen', () => escalationsNameSomebody(sla), 60_000);

  it('starts a collective case’s clocks when it is raised', () => collectiveStartsWhenRaised(sla), 60_000);
});
