import { eventually, json } from './running-system';

interface TimelineEntry {
  type: string;
  service: string;
  recordedAt: string;
  data: Record<string, unknown>;
}
interface Timeline {
  complaintId: string;
  caseNumber: string;
  entries: TimelineEntry[];
}
interface Count {
  open: number;
  resolved: number;
  received: number;
}
interface Counts {
  byMall: (Count & { mallId: string })[];
  byDepartment: (Count & { mallId: string; departmentId: string })[];
}

const types = (timeline: Timeline) => timeline.entries.map((entry) => entry.type);

/** A staff token from routing's demo shortcut (AUTH_DEMO_TOKENS, on under `npm start`), for a staff id of the sample group. */
/** A consumer's walk-in complaint about a stopped escalator, as the mall's desk registers it (POST /complaints). */
export const escalatorComplaint = (mallId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  mallId,
  channel: 'walk-in',
  kind: 'complaint',
  category: 'engineering-equipment',
  complainantType: 'consumer',
  description: '3号扶梯突然停止，顾客受惊 / escalator 3 stopped suddenly',
  place: '1F 总服务台',
  ...extra,
});

export const issueToken = async (baseUrl: string, staffId: string): Promise<string> => {
  const response = await fetch(`${baseUrl}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId }) });
  if (response.status !== 200) throw new Error(`POST /auth/token for ${staffId}: ${response.status} ${await response.text()}`);
  return (await json<{ accessToken: string }>(response)).accessToken;
};

/** fetch with a staff member's bearer token. */
export const asStaff = (token: string) => (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } });

/**
 * The thin path of issue 2 through all five services from the one base URL: register, routed by
 * the default table, clocks started, resolve, callback scheduled, counts moved. Returns the id.
 * Each step as the staff member who does it, with a token from POST /auth/token.
 */
export const runThinFlow = async (baseUrl: string, mallId: string): Promise<string> => {
  const mall = mallId.toLowerCase();
  const desk = asStaff(await issueToken(baseUrl, `${mall}-desk-1`));
  const engineering = asStaff(await issueToken(baseUrl, `${mall}-engineering-mgr`));
  const operations = asStaff(await issueToken(baseUrl, `${mall}-operations-mgr`));
  const hq = asStaff(await issueToken(baseUrl, 'hq-ops-1'));
  const post = (as: typeof desk, path: string, body: unknown) =>
    as(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const created = await post(desk, '/complaints', escalatorComplaint(mallId, { place: '1F 总服务台 / front desk, 1F' }));
  expect(created.status).toBe(201);
  const { id, caseNumber } = await json<{ id: string; caseNumber: string }>(created);
  expect(caseNumber).toMatch(new RegExp(`^${mallId}-\\d{8}-\\d{4}$`));

  const routed = await eventually(async () => {
    const timeline = await json<Timeline>(await desk(`${baseUrl}/complaints/${id}/timeline`));
    const started = timeline.entries.filter((entry) => entry.type === 'SlaClockStarted');
    return timeline.entries.some((entry) => entry.type === 'CaseRouted') && started.length === 6 ? timeline : undefined;
  }, 60_000, 'routed with clocks started');
  expect(routed.caseNumber).toBe(caseNumber);
  expect(routed.entries[0]).toMatchObject({ type: 'ComplaintRegistered', service: 'intake' });
  expect(routed.entries.find((entry) => entry.type === 'CaseRouted')).toMatchObject({
    service: 'routing',
    data: { owningDepartmentId: 'operations', handlingDepartmentId: 'engineering', routingRuleId: 'route-engineering' },
  });
  expect(routed.entries.filter((entry) => entry.type === 'SlaClockStarted').map((entry) => entry.data.clockKind).sort()).toEqual([
    'first-reply',
    'forward-to-responsible',
    'identify-responsibility',
    'reply-equipment',
    'resolve-general',
    'unresolved-upgrade',
  ]);

  const openCounts = await eventually(async () => {
    const counts = await json<Counts>(await hq(`${baseUrl}/analytics/counts?mallId=${mallId}`));
    const department = counts.byDepartment.find((row) => row.departmentId === 'engineering');
    return department?.open === 1 ? counts : undefined;
  }, 60_000, 'analytics counting the open case');
  expect(openCounts.byMall).toEqual([{ mallId, open: 1, resolved: 0, received: 1 }]);

  const resolved = await post(engineering, `/cases/${id}/resolve`, { actionTaken: '更换驱动链 / replaced the drive chain', customerToldWhat: '电话告知 / told by phone' });
  expect(resolved.status).toBe(200);
  const again = await post(engineering, `/cases/${id}/resolve`, { actionTaken: 'again', customerToldWhat: 'again' });
  expect(again.status).toBe(422);

  const closedLoop = await eventually(async () => {
    const timeline = await json<Timeline>(await desk(`${baseUrl}/complaints/${id}/timeline`));
    return types(timeline).includes('CallbackScheduled') && types(timeline).filter((type) => type === 'SlaClockMet').length === 6 ? timeline : undefined;
  }, 60_000, 'callback scheduled and clocks met');
  const order = types(closedLoop);
  expect(order.indexOf('ComplaintRegistered')).toBe(0);
  expect(order.indexOf('CaseRouted')).toBeLessThan(order.indexOf('CaseResolved'));
  expect(order.indexOf('CaseResolved')).toBeLessThan(order.indexOf('CallbackScheduled'));
  const recorded = closedLoop.entries.map((entry) => entry.recordedAt);
  expect([...recorded].sort()).toEqual(recorded);
  expect(closedLoop.entries.find((entry) => entry.type === 'CallbackScheduled')).toMatchObject({ service: 'callback', data: { owningDepartmentId: 'operations' } });

  await eventually(async () => {
    const counts = await json<Counts>(await hq(`${baseUrl}/analytics/counts?mallId=${mallId}`));
    return counts.byMall[0]?.resolved === 1 && counts.byMall[0]?.open === 0 ? counts : undefined;
  }, 60_000, 'analytics counting the resolved case');
  const due = await json<{ complaintId: string }[]>(await operations(`${baseUrl}/callbacks/due?mallId=${mallId}`));
  expect(due.map((callback) => callback.complaintId)).toContain(id);
  return id;
};
