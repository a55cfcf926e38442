import { randomUUID } from 'node:crypto';
import type { ComplaintRegisteredV2, NewEvent } from '@mallcare/contracts';
import { assignResponsible, SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { caseNumberOf, deskOf, logRegistration, ServiceUnderTest, tenantsCollective, walkInRegistration } from '@mallcare/service-testing';
import { describeWithKafka } from '@mallcare/testing';
import { routingService } from '../routing.service-definition';

/**
 * Routing as it runs (its Nest app, its PostgreSQL schema, the real transport), fed by intake's log:
 * the test writes intake's events into intake's own schema, as intake would, and reads routing's
 * HTTP API with staff tokens of the sample group.
 */

interface Problem {
  errors?: { field: string }[];
}
interface CaseView {
  complaintId: string;
  mallId: string;
  version: number;
  status: string;
  owningDepartmentId: string;
  handlingDepartmentId: string;
  assigneeStaffId: string;
  severity: string | null;
  systemSeverity: string | null;
  policyVersion: string;
  allowedCommands: string[];
  assistingDepartmentIds: string[];
  history: { type: string; occurredAt: string; actor: { type: string; id: string }; summary: string }[];
}
interface QueueClock {
  clockId: string;
  kind: string;
  state: string;
  deadline: string;
  warningAt: string | null;
  pausedReason: string | null;
}
interface QueuePage {
  items: {
    complaintId: string;
    status: string;
    severity: string | null;
    category: string | null;
    dueAt: string | null;
    nearestDeadline: string | null;
    grade: string;
    clocks: QueueClock[];
    overdue: boolean;
    caseNumber: string;
    summary: string;
    repeatCount: number;
    collective: boolean;
    memberOfCollectiveId: string | null;
    assigneeStaffId: string | null;
  }[];
  total: number;
  nextOffset: number | null;
}
/** A page of a work queue view (GET /cases/queues/…): lean rows. */
interface RowPage {
  items: (Pick<QueuePage['items'][number], 'complaintId' | 'caseNumber' | 'status' | 'severity' | 'category' | 'assigneeStaffId' | 'summary' | 'nearestDeadline'> & {
    receivedAt: string | null;
    clocks: { kind: string; state: string; deadline: string; warningAt?: string; pausedReason?: string }[];
  })[];
  total: number;
  nextOffset: number | null;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const isoAt = (ms: number): string => new Date(ms).toISOString();
/** sla-monitor's SlaClockStarted (v2) for a clock kind. */
const clockStarted = (kind: string, startedAt: number, dueAt: number, warnAt: number[] = []): NewEvent => ({
  type: 'SlaClockStarted',
  data: {
    clockId: `${kind}#1`,
    clockKind: kind,
    startedAt: isoAt(startedAt),
    dueAt: isoAt(dueAt),
    targetMinutes: Math.max(1, Math.round((dueAt - startedAt) / MINUTE)),
    policyVersion: SAMPLE_GROUP_POLICY.version,
    calendarCoverage: { status: 'official' },
    warnAt: warnAt.map(isoAt),
    byCustomerDeadline: false,
  },
});

/** Routing fed by intake's, sla-monitor's and callback's logs. */
class RoutingUnderTest extends ServiceUnderTest {
  private caseSeq = 0;

  constructor(brokers: string[] = []) {
    super({ definition: routingService, upstream: ['intake', 'sla-monitor', 'callback'], brokers, postStatus: 200 });
  }

  /** Intake's registration, as intake appends it to its own log. */
  async register(mallId: string, data: Partial<ComplaintRegisteredV2> = {}): Promise<string> {
    this.caseSeq += 1;
    const registered = walkInRegistration(mallId, {
      caseNumber: caseNumberOf(mallId, '20261123', this.caseSeq),
      description: '3号扶梯突然停止，顾客受惊 / escalator 3 stopped suddenly',
      receivedAt: new Date(Date.now() - HOUR).toISOString(),
      matterKey: 'escalator-3',
      channelDetails: { recordedBy: deskOf(mallId), place: '1F 总服务台' },
      ...data,
    });
    return logRegistration(this, mallId, registered);
  }

  async appendIntake(complaintId: string, mallId: string, events: NewEvent[], position: 'new' | 'any' = 'new'): Promise<void> {
    await this.append('intake', `complaint-${complaintId}`, events, {
      complaintId,
      mallId,
      actor: { type: 'staff', id: deskOf(mallId) },
      expectedVersion: position === 'new' ? 0 : 'any',
    });
  }

  /** sla-monitor's CaseUpgradeDue for a case, as sla-monitor appends it to its own log. */
  /** Callback's closure of the case, as callback appends it to its own log. */
  async closed(complaintId: string, mallId: string): Promise<void> {
    await this.append('callback', `callback-${complaintId}`, [{ type: 'CaseClosed', data: { closedBecause: 'satisfied', satisfaction: 'satisfied', policyVersion: SAMPLE_GROUP_POLICY.version } }], {
      complaintId,
      mallId,
    });
  }

  async upgradeDue(complaintId: string, mallId: string, policyVersion = SAMPLE_GROUP_POLICY.version): Promise<void> {
    await this.appendSla(complaintId, mallId, [
        {
          type: 'CaseUpgradeDue',
          data: {
            clockId: 'unresolved-upgrade#1',
            toSeverity: 'major',
            openSince: new Date(Date.now() - 30 * 24 * HOUR).toISOString(),
            dueAt: new Date().toISOString(),
            reason: 'responsible complaint still open a month',
            policyVersion,
          },
        },
      ]);
  }

  /** sla-monitor's clock events for a case, as sla-monitor appends them to its own log. */
  async appendSla(complaintId: string, mallId: string, events: NewEvent[]): Promise<void> {
    await this.append('sla-monitor', `sla-${complaintId}`, events, { complaintId, mallId });
  }

  /** Polls a queue until `holds`. */
  async queueUntil(staffId: string, path: string, holds: (page: QueuePage) => boolean, what: string, timeoutMs = 30_000): Promise<QueuePage> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const page = await this.json<QueuePage>(staffId, 'GET', path);
      last = JSON.stringify(page).slice(0, 600);
      if (holds(page)) return page;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} not seen in ${timeoutMs / 1000}s; last: ${last}`);
  }

  async routed(complaintId: string, staffId = 'sh01-engineering-mgr', until: (view: CaseView) => boolean = () => true, timeoutMs = 30_000): Promise<CaseView> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const response = await this.request(staffId, 'GET', `/cases/${complaintId}`);
      last = `${response.status} ${await response.clone().text()}`;
      if (response.status === 200) {
        const view = (await response.json()) as CaseView;
        if (until(view)) return view;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`case ${complaintId} not routed as expected in ${timeoutMs / 1000}s; last answer: ${last}`);
  }
}

/** DOMAIN §2/§5: a consumer's walk-in escalator complaint, owned by operations, handled by engineering. */
const escalatorFlow = async (routing: RoutingUnderTest): Promise<void> => {
  const id = await routing.register('SH01');
  const routed = await routing.routed(id);
  expect(routed).toMatchObject({ mallId: 'SH01', status: 'routed', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering', policyVersion: SAMPLE_GROUP_POLICY.version });
  const assigned = routed.history.find((entry) => entry.type === 'CaseAssigned');
  expect(assigned).toBeDefined();
  expect(routed.assigneeStaffId).toBe(assignResponsible(SAMPLE_GROUP_POLICY, 'SH01', 'engineering', new Date(assigned?.occurredAt ?? '')).staffId);
  expect(routed.history.map((entry) => entry.type)).toEqual(['CaseOpened', 'CaseRouted', 'CaseAssigned']);
  expect(routed.history.every((entry) => entry.actor.type === 'system' && entry.actor.id === 'routing')).toBe(true);

  const handler = routed.assigneeStaffId;
  const mine = await routing.json<QueuePage>(handler, 'GET', '/cases?mine=true&status=open');
  expect(mine.items.map((item) => item.complaintId)).toContain(id);
  expect(mine.items.find((item) => item.complaintId === id)).toMatchObject({ caseNumber: expect.stringMatching(/^SH01-/), summary: expect.stringContaining('扶梯'), overdue: false });

  const accepted = await routing.json<{ status: string; version: number; events: { type: string; metadata: { actor: { id: string } } }[] }>(
    handler,
    'POST',
    `/cases/${id}/accept`,
  );
  expect(accepted).toMatchObject({ status: 'accepted', version: 4 });
  expect(accepted.events).toEqual([expect.objectContaining({ type: 'CaseAccepted', metadata: expect.objectContaining({ actor: { type: 'staff', id: handler } }) })]);
  await routing.json(handler, 'POST', `/cases/${id}/verify`, { validity: 'valid', reason: '现场核实：扶梯驱动链断裂 / chain broken, confirmed on site' });
  await routing.json(handler, 'POST', `/cases/${id}/classify`, { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] });
  const resolved = await routing.json<{ status: string; allowedCommands: string[] }>(handler, 'POST', `/cases/${id}/resolve`, {
    actionTaken: '更换驱动链 / replaced the drive chain',
    customerToldWhat: '电话告知维修完成 / told by phone',
  });
  expect(resolved).toMatchObject({ status: 'resolved', allowedCommands: ['ReopenCase'] });

  const view = await routing.json<CaseView>('sh01-engineering-mgr', 'GET', `/cases/${id}`);
  expect(view.history.map((entry) => [entry.type, entry.actor.id])).toEqual([
    ['CaseOpened', 'routing'],
    ['CaseRouted', 'routing'],
    ['CaseAssigned', 'routing'],
    ['CaseAccepted', handler],
    ['CaseVerified', handler],
    ['CaseClassified', handler],
    ['CaseResolved', handler],
  ]);
  expect(view.history.find((entry) => entry.type === 'CaseClassified')?.summary).toBe('responsible general (service-shortfall)');

  // Another mall's engineers: the case does not exist for them, and they cannot act on it.
  expect((await routing.request('bj01-engineering-mgr', 'GET', `/cases/${id}`)).status).toBe(404);
  const foreign = await routing.request('bj01-engineering-mgr', 'POST', `/cases/${id}/reopen`, { reason: 'x' });
  expect(foreign.status).toBe(403);
  const foreignQueue = await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases?departmentId=engineering');
  expect(foreignQueue.items.map((item) => item.complaintId)).not.toContain(id);
};

/** DOMAIN §4: open a month while responsible → major, applied by routing from sla-monitor's CaseUpgradeDue, once. */
const upgradeAfterAMonth = async (routing: RoutingUnderTest): Promise<void> => {
  const id = await routing.register('SH01');
  const { assigneeStaffId: handler } = await routing.routed(id);
  await routing.json(handler, 'POST', `/cases/${id}/accept`);
  await routing.json(handler, 'POST', `/cases/${id}/verify`, { validity: 'valid', reason: 'r' });
  await routing.json(handler, 'POST', `/cases/${id}/classify`, { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] });
  await routing.upgradeDue(id, 'SH01', 'sample-group-r9');
  const upgraded = await routing.routed(id, 'sh01-engineering-mgr', (view) => view.severity === 'major');
  expect(upgraded).toMatchObject({ severity: 'major', systemSeverity: 'major', status: 'classified' });
  const raised = upgraded.history.filter((entry) => entry.type === 'CaseSeveritySetBySystem');
  expect(raised.map((entry) => [entry.actor.id, entry.summary])).toEqual([['routing', 'major by rule open-a-month: responsible complaint still open a month']]);
  // A second CaseUpgradeDue (a redelivery, or the clock firing again) changes nothing: it is major already.
  await routing.upgradeDue(id, 'SH01');
  // A resolved case is not upgraded.
  const other = await routing.register('SH01');
  const { assigneeStaffId: otherHandler } = await routing.routed(other);
  await routing.json(otherHandler, 'POST', `/cases/${other}/resolve`, { actionTaken: 'fixed', customerToldWhat: 'told' });
  await routing.upgradeDue(other, 'SH01');
  // sla-monitor's log is followed in order: once a later upgrade is applied, both above were handled.
  const marker = await routing.register('SH01');
  const { assigneeStaffId: markerHandler } = await routing.routed(marker);
  await routing.json(markerHandler, 'POST', `/cases/${marker}/accept`);
  await routing.json(markerHandler, 'POST', `/cases/${marker}/verify`, { validity: 'valid', reason: 'r' });
  await routing.json(markerHandler, 'POST', `/cases/${marker}/classify`, { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] });
  await routing.upgradeDue(marker, 'SH01');
  await routing.routed(marker, 'sh01-engineering-mgr', (view) => view.severity === 'major');
  const after = await routing.json<CaseView>('sh01-engineering-mgr', 'GET', `/cases/${id}`);
  expect(after.history.filter((entry) => entry.type === 'CaseSeveritySetBySystem')).toHaveLength(1);
  expect(after.version).toBe(upgraded.version);
  const resolved = await routing.json<CaseView>('sh01-engineering-mgr', 'GET', `/cases/${other}`);
  expect([resolved.status, resolved.severity]).toEqual(['resolved', null]);
};

/** Issue 11 item 9: callback closes; routing's view follows it, and a closed case takes no reopen. */
const closedByCallback = async (routing: RoutingUnderTest): Promise<void> => {
  const id = await routing.register('SH01');
  const { assigneeStaffId: handler } = await routing.routed(id);
  await routing.json(handler, 'POST', `/cases/${id}/resolve`, { actionTaken: 'fixed', customerToldWhat: 'told' });
  await routing.closed(id, 'SH01');
  const closed = await routing.routed(id, 'sh01-gm', (view) => view.status === 'closed');
  expect(closed).toMatchObject({ status: 'closed', allowedCommands: [] });
  expect(closed.history.map((entry) => entry.type).slice(-2)).toEqual(['CaseResolved', 'CaseClosed']);
  const reopen = await routing.request('sh01-gm', 'POST', `/cases/${id}/reopen`, { reason: '总经理要求重新处理 / the GM wants it looked at again' });
  expect(reopen.status).toBe(422);
  expect(await reopen.json()).toMatchObject({ command: 'ReopenCase', state: 'closed', allowedCommands: [] });
  expect((await routing.json<CaseView>('sh01-gm', 'GET', `/cases/${id}`)).version).toBe(closed.version);
};

/** Issue 13's work queues (issue 11 item 10): the deadlines sla-monitor holds each case to, graded, by view, without a cap. */
const workQueueFlow = async (routing: RoutingUnderTest): Promise<void> => {
  const late = await routing.register('BJ01');
  const waiting = await routing.register('BJ01');
  const property = await routing.register('BJ01', { category: 'property-management', matterKey: 'leak-b2' });
  const { assigneeStaffId: handler } = await routing.routed(late, 'bj01-engineering-mgr');
  await routing.routed(waiting, 'bj01-engineering-mgr');
  await routing.routed(property, 'bj01-property-mgr');
  const now = Date.now();
  await routing.appendSla(late, 'BJ01', [
    clockStarted('forward-to-responsible', now - 11 * MINUTE, now - MINUTE, [now - 6 * MINUTE]),
    { type: 'SlaClockBreached', data: { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', dueAt: isoAt(now - MINUTE), breachedAt: isoAt(now - MINUTE), policyVersion: SAMPLE_GROUP_POLICY.version } },
  ]);
  await routing.appendSla(waiting, 'BJ01', [
    clockStarted('first-reply', now - HOUR, now + 24 * HOUR, [now + 18 * HOUR]),
    clockStarted('resolve-general', now - HOUR, now + 3 * HOUR, [now + 2 * HOUR]),
    { type: 'SlaClockPaused', data: { clockId: 'resolve-general#1', clockKind: 'resolve-general', reason: '等待顾客提供小票 / waiting for the receipt', pausedAt: isoAt(now), pausedBy: 'bj01-engineering-1' } },
  ]);
  await routing.appendSla(property, 'BJ01', [clockStarted('resolve-general', now - 3 * HOUR, now + HOUR, [now - MINUTE])]);
  // sla-monitor's log is followed in order: once the last case's clock shows, the others' have been applied.
  await routing.queueUntil('bj01-property-1', '/cases/queues/department', (page) => page.items.some((item) => item.complaintId === property && item.clocks.length === 1), 'property case clocks');

  // The views' rows are lean: what the row shows and the open clocks its countdown grades.
  const department = await routing.json<RowPage>('bj01-engineering-mgr', 'GET', '/cases/queues/department');
  expect(Object.keys(department).sort()).toEqual(['items', 'limit', 'nextOffset', 'offset', 'total']);
  expect(department).toMatchObject({ total: 2, nextOffset: null });
  expect(department.items.map((item) => [item.complaintId, item.nearestDeadline])).toEqual([
    [late, isoAt(now - MINUTE)],
    [waiting, isoAt(now + 24 * HOUR)],
  ]);
  expect(department.items[0].clocks).toEqual([{ kind: 'forward-to-responsible', state: 'breached', deadline: isoAt(now - MINUTE), warningAt: isoAt(now - 6 * MINUTE) }]);
  expect(department.items[1].clocks).toEqual([
    { kind: 'resolve-general', state: 'paused', deadline: isoAt(now + 3 * HOUR), warningAt: isoAt(now + 2 * HOUR), pausedReason: '等待顾客提供小票 / waiting for the receipt' },
    { kind: 'first-reply', state: 'running', deadline: isoAt(now + 24 * HOUR), warningAt: isoAt(now + 18 * HOUR) },
  ]);
  expect(department.items[0]).toEqual({
    complaintId: late,
    caseNumber: expect.any(String),
    status: 'routed',
    severity: null,
    category: 'engineering-equipment',
    assigneeStaffId: handler,
    summary: expect.any(String),
    receivedAt: expect.any(String),
    nearestDeadline: isoAt(now - MINUTE),
    clocks: department.items[0].clocks,
  });
  // GET /cases grades them.
  const graded = await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases?departmentId=engineering');
  expect(graded.items.map((item) => [item.complaintId, item.grade, item.overdue])).toEqual([
    [late, 'breached', true],
    [waiting, 'paused', false],
  ]);
  const propertyQueue = await routing.json<QueuePage>('bj01-property-1', 'GET', '/cases?departmentId=property');
  expect(propertyQueue.items.map((item) => [item.complaintId, item.grade])).toEqual([[property, 'at-risk']]);

  expect((await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases/queues/department?overdue=true')).items.map((item) => item.complaintId)).toEqual([late]);
  expect((await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases/queues/department?overdue=false')).items.map((item) => item.complaintId)).toEqual([waiting]);
  expect((await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases/queues/department?status=resolved')).total).toBe(0);
  expect((await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases/queues/department?category=product-quality')).total).toBe(0);
  const mine = await routing.json<QueuePage>(handler as string, 'GET', '/cases/queues/mine?limit=1');
  expect(mine).toMatchObject({ total: 2, nextOffset: 1, items: [expect.objectContaining({ complaintId: late })] });
  expect((await routing.json<QueuePage>(handler as string, 'GET', '/cases/queues/mine?limit=1&offset=1')).items.map((item) => item.complaintId)).toEqual([waiting]);
  // The console's whole-queue read: pages of up to 1000; a live change re-reads just the rows it touched (those of the view).
  expect((await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases/queues/department?limit=1000')).total).toBe(2);
  const touched = await routing.json<RowPage>('bj01-engineering-mgr', 'GET', `/cases/queues/department?complaintIds=${waiting},${property}`);
  expect(touched).toMatchObject({ total: 1, nextOffset: null });
  expect(touched.items.map((item) => [item.complaintId, item.clocks[0].state])).toEqual([[waiting, 'paused']]);
  expect((await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', `/cases?departmentId=engineering&complaintIds=${late}`)).items.map((item) => item.complaintId)).toEqual([late]);
  // Every routed case has a holder here (the roster covers the day): nothing unassigned.
  expect((await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases/queues/unassigned')).total).toBe(0);
  // The legacy queue shows the same deadline.
  const legacy = await routing.json<QueuePage>('bj01-engineering-mgr', 'GET', '/cases?departmentId=engineering');
  expect(legacy.items.map((item) => [item.complaintId, item.dueAt])).toEqual([
    [late, isoAt(now - MINUTE)],
    [waiting, isoAt(now + 24 * HOUR)],
  ]);

  // Resumed: the deadline moved by sla-monitor is the one shown.
  await routing.appendSla(waiting, 'BJ01', [
    {
      type: 'SlaClockResumed',
      data: { clockId: 'resolve-general#1', clockKind: 'resolve-general', resumedAt: isoAt(now + HOUR), pausedMs: HOUR, previousDueAt: isoAt(now + 3 * HOUR), dueAt: isoAt(now + 4 * HOUR), resumedBy: 'bj01-engineering-1' },
    },
  ]);
  const resumed = await routing.queueUntil('bj01-engineering-mgr', '/cases?departmentId=engineering', (page) => page.items.some((item) => item.complaintId === waiting && item.grade === 'normal'), 'resumed clock');
  expect(resumed.items.find((item) => item.complaintId === waiting)?.nearestDeadline).toBe(isoAt(now + 4 * HOUR));

  // Leaders of no department name one; mall scoping as everywhere; bad filters are field-level problem details.
  const noDepartment = await routing.request('bj01-director', 'GET', '/cases/queues/department');
  expect(noDepartment.status).toBe(400);
  expect(((await noDepartment.json()) as Problem).errors?.map((error) => error.field)).toEqual(['departmentId']);
  expect((await routing.json<QueuePage>('bj01-director', 'GET', '/cases/queues/department?departmentId=engineering')).total).toBe(2);
  expect((await routing.json<QueuePage>('hq-ops-1', 'GET', '/cases/queues/department?mallId=BJ01&departmentId=engineering')).total).toBe(2);
  expect((await routing.request('bj01-engineering-mgr', 'GET', '/cases/queues/department?mallId=SH01')).status).toBe(403);
  const sh01 = await routing.json<QueuePage>('sh01-engineering-mgr', 'GET', '/cases/queues/department');
  expect(sh01.items.map((item) => item.complaintId)).not.toContain(late);
  for (const [query, field] of [
    ['status=sleeping', 'status'],
    ['overdue=maybe', 'overdue'],
    ['category=weather', 'category'],
    ['severity=huge', 'severity'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['complaintIds=not-a-case', 'complaintIds'],
    [`complaintIds=${Array.from({ length: 201 }, () => late).join(',')}`, 'complaintIds'],
  ]) {
    const response = await routing.request('bj01-engineering-mgr', 'GET', `/cases/queues/mine?${query}`);
    expect([query, response.status]).toEqual([query, 400]);
    expect(((await response.json()) as Problem).errors?.map((error) => error.field)).toContain(field);
  }
  expect((await routing.request('bj01-engineering-mgr', 'GET', '/cases/queues/everything')).status).toBe(404);
  // Documented for the console's generated client.
  const openapi = (await (await fetch(`${routing.baseUrl}/docs/openapi.json`)).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
  for (const view of ['mine', 'department', 'unassigned']) expect(Object.keys(openapi.paths[`/cases/queues/${view}`]?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '403']));
  expect(JSON.stringify(openapi)).toContain('WorkQueueClockDto');
};

describe('routing handles cases over the embedded transport (real PostgreSQL)', () => {
  const routing = new RoutingUnderTest();
  beforeAll(() => routing.start());
  afterAll(() => routing.stop());

  it('routes, assigns and handles a consumer’s walk-in escalator complaint to its resolution; another mall gets 403/404', async () => {
    await escalatorFlow(routing);
  });

  it('answers wrong state with 422 (state and allowed commands), duplicates and stale versions with 409, bad input with 400, no token with 401', async () => {
    const id = await routing.register('SH01');
    const { assigneeStaffId: handler, version } = await routing.routed(id);

    const early = await routing.request(handler, 'POST', `/cases/${id}/verify`, { validity: 'valid', reason: 'r' });
    expect(early.status).toBe(422);
    expect(await early.json()).toMatchObject({ code: 'ROUTING_CASE_IN_WRONG_STATE', status: 422, state: 'routed', command: 'VerifyCase', allowedCommands: ['AcceptCase', 'TransferCase', 'MarkMediaRisk', 'ResolveCase'] });

    const stale = await routing.request(handler, 'POST', `/cases/${id}/accept`, undefined, { 'if-match': `"${version - 1}"` });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'ROUTING_STALE_VERSION', version, expectedVersion: version - 1 });
    const fresh = await routing.request(handler, 'POST', `/cases/${id}/accept`, undefined, { 'if-match': `"${version}"` });
    expect(fresh.status).toBe(200);

    expect((await routing.request(handler, 'POST', `/cases/${id}/media-risk`, { reason: '顾客称要找电视台' })).status).toBe(200);
    const twice = await routing.request(handler, 'POST', `/cases/${id}/media-risk`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'ROUTING_DUPLICATE_COMMAND' });

    await routing.json(handler, 'POST', `/cases/${id}/verify`, { validity: 'valid', reason: 'r' });
    const badClassification = await routing.request(handler, 'POST', `/cases/${id}/classify`, { responsibility: 'blame', criteria: ['vibes'] });
    expect(badClassification.status).toBe(400);
    expect(((await badClassification.json()) as Problem).errors?.map((error) => error.field).sort()).toEqual(['criteria', 'responsibility']);
    const inconsistent = await routing.request(handler, 'POST', `/cases/${id}/classify`, { responsibility: 'responsible', severity: 'critical', criteria: ['service-shortfall'] });
    expect(inconsistent.status).toBe(422);
    expect(await inconsistent.json()).toMatchObject({ code: 'ROUTING_HANDLING_RULE_BROKEN', rule: 'severity-must-follow-criteria', status: 422, state: 'verified' });

    expect((await routing.request(null, 'GET', `/cases/${id}`)).status).toBe(401);
    expect((await routing.request('hq-sre', 'GET', `/cases/${id}`)).status).toBe(403);
    expect((await routing.request('hq-ops-1', 'GET', `/cases/${id}`)).status).toBe(200);
    expect((await routing.request('hq-ops-1', 'POST', `/cases/${id}/resolve`, { actionTaken: 'x', customerToldWhat: 'y' })).status).toBe(403);
    expect((await routing.request(handler, 'GET', `/cases/${randomUUID()}`)).status).toBe(404);
    expect((await routing.request(handler, 'POST', `/cases/${randomUUID()}/accept`)).status).toBe(404);
  });

  it('serialises concurrent commands on one case: each decides on the state the other left', async () => {
    const id = await routing.register('SH01');
    const { assigneeStaffId: handler, version } = await routing.routed(id);
    const accepts = await Promise.all([1, 2].map(() => routing.request(handler, 'POST', `/cases/${id}/accept`)));
    expect(accepts.map((response) => response.status).sort()).toEqual([200, 422]);
    const notes = await Promise.all([1, 2, 3, 4, 5].map((n) => routing.request(handler, 'POST', `/cases/${id}/progress-notes`, { note: `note ${n}` })));
    expect(notes.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const view = await routing.json<CaseView>(handler, 'GET', `/cases/${id}`);
    expect(view.version).toBe(version + 6);
    expect(view.history.filter((entry) => entry.type === 'CaseProgressNoted').map((entry) => entry.summary).sort()).toEqual(['engineering: note 1', 'engineering: note 2', 'engineering: note 3', 'engineering: note 4', 'engineering: note 5']);
  });

  it('makes a government referral letter critical: straight to the manager, incident report and leader-approved written reply before resolving', async () => {
    const id = await routing.register('SH01', { channel: 'government-referral', written: true, channelDetails: { governmentBody: '市场监督管理局', referenceNumber: '2026-118' } });
    const routed = await routing.routed(id, 'sh01-engineering-mgr', (view) => view.severity === 'critical');
    expect(routed).toMatchObject({ assigneeStaffId: 'sh01-engineering-mgr', systemSeverity: 'critical' });
    expect(routed.history.find((entry) => entry.type === 'CaseSeveritySetBySystem')?.summary).toMatch(/^critical by rule channel-government-referral/);

    const manager = 'sh01-engineering-mgr';
    const handler = 'sh01-engineering-1';
    await routing.json(handler, 'POST', `/cases/${id}/accept`);
    await routing.json(handler, 'POST', `/cases/${id}/verify`, { validity: 'valid', reason: 'r' });
    const lowered = await routing.request(handler, 'POST', `/cases/${id}/classify`, { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] });
    expect(await lowered.json()).toMatchObject({ status: 422, rule: 'lowering-system-severity-needs-reason' });
    await routing.json(handler, 'POST', `/cases/${id}/classify`, { responsibility: 'responsible', severity: 'critical', criteria: ['government-or-media'] });
    const resolve = { actionTaken: '整改并书面答复 / fixed, replied in writing', customerToldWhat: '书面答复市场监管局 / written reply to the bureau' };
    const unreported = await routing.request(handler, 'POST', `/cases/${id}/resolve`, resolve);
    expect(await unreported.json()).toMatchObject({ status: 422, rule: 'incident-report-required' });
    await routing.json(handler, 'POST', `/cases/${id}/incident-report`, { summary: 's', cause: 'c', impact: 'i', measures: 'm' });
    const unapproved = await routing.request(handler, 'POST', `/cases/${id}/resolve`, resolve);
    expect(await unapproved.json()).toMatchObject({ status: 422, rule: 'written-reply-approval-required' });
    expect((await routing.request(handler, 'POST', `/cases/${id}/written-reply-approval`, { reply: '答复全文' })).status).toBe(403);
    const approved = await routing.json<{ events: { data: { approverRole: string } }[] }>(manager, 'POST', `/cases/${id}/written-reply-approval`, { reply: '答复全文' });
    expect(approved.events[0].data.approverRole).toBe('department-manager');
    await routing.json(handler, 'POST', `/cases/${id}/resolve`, resolve);
    const critical = await routing.json<QueuePage>('sh01-gm', 'GET', '/cases?severity=critical&status=resolved');
    expect(critical.items.map((item) => item.complaintId)).toContain(id);
  });

  it('transfers a wrongly routed case and asks another department for help: the queues follow', async () => {
    const id = await routing.register('SH01', { category: 'engineering-equipment', description: '卫生间地面积水 / water on the toilet floor' });
    await routing.routed(id);
    await routing.json('sh01-engineering-1', 'POST', `/cases/${id}/accept`);
    const transferred = await routing.json<{ status: string; events: { type: string; data: { staffId?: string; departmentId?: string } }[] }>(
      'sh01-engineering-1',
      'POST',
      `/cases/${id}/transfer`,
      { toDepartmentId: 'property', reason: '属保洁问题 / a cleaning matter' },
    );
    expect(transferred.status).toBe('routed');
    expect(transferred.events.map((event) => event.type)).toEqual(['CaseTransferred', 'CaseAssigned']);
    expect(transferred.events[1].data.departmentId).toBe('property');
    expect((await routing.request('sh01-engineering-1', 'POST', `/cases/${id}/accept`)).status).toBe(403);
    const propertyQueue = await routing.json<QueuePage>('sh01-property-mgr', 'GET', '/cases?departmentId=property&status=routed');
    expect(propertyQueue.items.map((item) => item.complaintId)).toContain(id);

    await routing.json('sh01-property-1', 'POST', `/cases/${id}/accept`);
    await routing.json('sh01-property-1', 'POST', `/cases/${id}/assistance-requests`, { departmentId: 'security', reason: '疏导客流 / guide shoppers' });
    const securityQueue = await routing.json<QueuePage>('sh01-security-1', 'GET', '/cases?departmentId=security');
    expect(securityQueue.items.map((item) => item.complaintId)).toContain(id);
    await routing.json('sh01-security-1', 'POST', `/cases/${id}/progress-notes`, { note: '已安排两名保安 / two guards sent' });
    expect((await routing.request('sh01-security-1', 'POST', `/cases/${id}/resolve`, { actionTaken: 'x', customerToldWhat: 'y' })).status).toBe(403);
    const view = await routing.json<CaseView>('sh01-property-1', 'GET', `/cases/${id}`);
    expect(view).toMatchObject({ handlingDepartmentId: 'property', assistingDepartmentIds: ['security'] });
    expect(view.history.find((entry) => entry.type === 'CaseProgressNoted')?.actor.id).toBe('sh01-security-1');
  });

  it('lists overdue cases by the deadline sla-monitor holds them to, pages, and does not route inquiries', async () => {
    const now = Date.now();
    const old = await routing.register('SH02', { receivedAt: new Date(now - 4 * 24 * HOUR).toISOString() });
    const inquiry = await routing.register('SH02', { kind: 'inquiry' });
    const fresh = await routing.register('SH02');
    await routing.routed(old, 'sh02-engineering-mgr');
    await routing.routed(fresh, 'sh02-engineering-mgr');
    expect((await routing.request('sh02-engineering-mgr', 'GET', `/cases/${inquiry}`)).status).toBe(404);
    await routing.appendSla(old, 'SH02', [
      clockStarted('resolve-general', now - 4 * 24 * HOUR, now - 24 * HOUR),
      { type: 'SlaClockBreached', data: { clockId: 'resolve-general#1', clockKind: 'resolve-general', dueAt: isoAt(now - 24 * HOUR), breachedAt: isoAt(now - 24 * HOUR), policyVersion: SAMPLE_GROUP_POLICY.version } },
    ]);
    await routing.appendSla(fresh, 'SH02', [clockStarted('resolve-general', now - HOUR, now + 71 * HOUR)]);
    await routing.queueUntil('sh02-engineering-mgr', '/cases?departmentId=engineering', (page) => page.items.every((item) => item.nearestDeadline !== null), 'both cases’ clocks');

    const overdue = await routing.json<QueuePage>('sh02-engineering-mgr', 'GET', '/cases?overdue=true');
    expect(overdue.items.map((item) => item.complaintId)).toEqual([old]);
    expect(overdue.items[0]).toMatchObject({ overdue: true, grade: 'breached', dueAt: isoAt(now - 24 * HOUR), nearestDeadline: isoAt(now - 24 * HOUR) });
    const page = await routing.json<QueuePage>('sh02-engineering-mgr', 'GET', '/cases?departmentId=engineering&limit=1');
    expect(page).toMatchObject({ total: 2, nextOffset: 1 });
    expect(page.items.map((item) => item.complaintId)).toEqual([old]);
    const second = await routing.json<QueuePage>('sh02-engineering-mgr', 'GET', '/cases?departmentId=engineering&limit=1&offset=1');
    expect(second).toMatchObject({ nextOffset: null, items: [expect.objectContaining({ complaintId: fresh })] });
    // A queue's pages are bounded at 1000 (the console reads whole queues in a few large pages).
    expect((await routing.request('sh02-engineering-mgr', 'GET', '/cases?limit=1000')).status).toBe(200);
    expect((await routing.request('sh02-engineering-mgr', 'GET', '/cases?limit=1001')).status).toBe(400);
    expect((await routing.request('sh02-engineering-mgr', 'GET', '/cases?mallId=SH01')).status).toBe(403);
    const hq = await routing.json<QueuePage>('hq-ops-1', 'GET', '/cases?mallId=SH02&departmentId=engineering');
    expect(hq.total).toBe(2);
  });

  it('follows callback’s CaseClosed: a closed case shows closed and refuses a reopen, even the GM’s (issue 11 item 9)', async () => {
    await closedByCallback(routing);
  });

  it('raises a responsible case open a month to major on sla-monitor’s CaseUpgradeDue, once, and leaves a resolved case alone', async () => {
    await upgradeAfterAMonth(routing);
  });

  it('serves mine, my department’s and unassigned queues with the clocks sla-monitor holds each case to, graded, paged, scoped', async () => {
    await workQueueFlow(routing);
  });

  it('raises a repeated complaint to major and opens a collective case as critical (intake’s events)', async () => {
    const open = await routing.register('GZ01', { category: 'service-attitude', complainantType: 'consumer' });
    await routing.routed(open, 'gz01-operations-mgr');
    await routing.appendIntake(
      open,
      'GZ01',
      [
        {
          type: 'RepeatComplaintLinked',
          data: {
            complaintId: open,
            repeatComplaintId: randomUUID(),
            repeatCount: 2,
            channel: 'phone',
            receivedAt: new Date().toISOString(),
            description: '又来投诉 / again',
            complainantSubjectId: null,
            policyVersion: SAMPLE_GROUP_POLICY.version,
          },
        },
      ],
      'any',
    );
    const repeated = await routing.routed(open, 'gz01-operations-mgr', (view) => view.severity === 'major');
    expect(repeated.history.at(-1)?.summary).toMatch(/^major by rule repeat-count/);

    const members: string[] = [];
    for (let tenant = 1; tenant <= 5; tenant++) {
      members.push(await routing.register('GZ01', { complainantType: 'street-shop-tenant', tenantUnit: `B1-0${tenant}`, matterKey: 'power-cut-b1', description: 'B1 停电 / no power' }));
    }
    for (const member of members) await routing.routed(member, 'gz01-engineering-mgr');
    const collective = randomUUID();
    await routing.appendIntake(collective, 'GZ01', [
      {
        type: 'CollectiveComplaintRaised',
        data: tenantsCollective({
          caseNumber: 'GZ01-20261123-0099',
          category: 'engineering-equipment',
          matterKey: 'power-cut-b1',
          description: 'B1 五家商户停电 / power cut at five B1 shops',
          receivedAt: new Date(Date.now() - HOUR).toISOString(),
          members,
        }),
      },
    ]);
    for (const member of members) {
      await routing.appendIntake(member, 'GZ01', [{ type: 'ComplaintJoinedCollective', data: { collectiveComplaintId: collective, collectiveCaseNumber: 'GZ01-20261123-0099', distinctTenants: 5 } }], 'any');
    }
    const raised = await routing.routed(collective, 'gz01-engineering-mgr', (view) => view.severity === 'critical');
    expect(raised).toMatchObject({ owningDepartmentId: 'operations', handlingDepartmentId: 'engineering', assigneeStaffId: 'gz01-engineering-mgr', systemSeverity: 'critical' });
    const queue = await routing.json<QueuePage>('gz01-engineering-mgr', 'GET', '/cases?severity=critical');
    expect(queue.items.find((item) => item.complaintId === collective)).toMatchObject({ collective: true, caseNumber: 'GZ01-20261123-0099' });
    // The members' joins follow the collective case in intake's log: wait until the last is handled.
    const joined = async () => {
      const tenants = await routing.json<QueuePage>('gz01-engineering-mgr', 'GET', '/cases?departmentId=engineering&status=routed');
      return tenants.items.filter((item) => members.includes(item.complaintId)).map((item) => item.memberOfCollectiveId);
    };
    const deadline = Date.now() + 20_000;
    while ((await joined()).includes(null) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await joined()).toEqual(members.map(() => collective));
  });
});

describeWithKafka('routing handles cases over Kafka (real broker and PostgreSQL)', (brokers) => {
  const routing = new RoutingUnderTest(brokers);
  beforeAll(() => routing.start());
  afterAll(() => routing.stop());

  it('routes, assigns and handles a consumer’s walk-in escalator complaint to its resolution; another mall gets 403/404', async () => {
    await escalatorFlow(routing);
  });

  it('applies sla-monitor’s CaseUpgradeDue from its topic, once', async () => {
    await upgradeAfterAMonth(routing);
  });

  it('follows callback’s CaseClosed from its topic: closed, no reopen', async () => {
    await closedByCallback(routing);
  });

  it('follows sla-monitor’s clock events from its topic into the work queues', async () => {
    await workQueueFlow(routing);
  });
});
