/**
 * A generated group and one realistic month of its logs, for the analytics bench: `malls` malls
 * (copies of the sample group's first mall with their own ids, staff and time zones), each with its
 * cases received in the month, every case's events written to the log of the service that produces
 * them (intake, routing, sla-monitor, callback) the way those services write them. The mix follows
 * the procedures: inquiries answered at the desk, complaints forwarded, handled, resolved, called
 * back; some late (breached, escalated), some reopened after a dissatisfied callback, some
 * unreachable, some still open at month end.
 */
import { randomUUID } from 'node:crypto';
import {
  CATEGORIES,
  CHANNELS,
  EVENT_CATALOGUE,
  assertValidEventData,
  schemaOf,
  type ComplaintEventType,
  type EventData,
} from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY, validateGroupPolicy, type GroupPolicy, type MallPolicy } from '@mallcare/policy';
import type { Client } from 'pg';

const TIME_ZONES = ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong'];

export const mallIdOf = (index: number): string => `M${String(index + 1).padStart(3, '0')}`;

/** The sample group with `malls` malls cloned from its first one (departments, rules, staff per mall). */
export const generatedGroupPolicy = (malls: number, effectiveFrom: string): GroupPolicy => {
  const template = SAMPLE_GROUP_POLICY.malls[0] as MallPolicy;
  const templateStaff = SAMPLE_GROUP_POLICY.staff.filter((member) => member.mallId === template.id);
  const prefix = `${template.id.toLowerCase()}-`;
  const mallList: MallPolicy[] = [];
  const staff = SAMPLE_GROUP_POLICY.staff.filter((member) => member.mallId === null);
  for (let index = 0; index < malls; index++) {
    const id = mallIdOf(index);
    // Rosters and managers name the mall's staff by id: the copy names the copies.
    const ownStaff = JSON.parse(JSON.stringify(template).split(`"${prefix}`).join(`"${id.toLowerCase()}-`)) as MallPolicy;
    mallList.push({ ...ownStaff, id, name: `${template.name}${index + 1}`, nameEn: `${template.nameEn} ${index + 1}`, timeZone: TIME_ZONES[index % TIME_ZONES.length] });
    for (const member of templateStaff) {
      const staffId = member.id.startsWith(prefix) ? `${id.toLowerCase()}-${member.id.slice(prefix.length)}` : `${id.toLowerCase()}-${member.id}`;
      staff.push({ ...member, id: staffId, mallId: id });
    }
  }
  const policy: GroupPolicy = {
    ...SAMPLE_GROUP_POLICY,
    version: `bench-${malls}-malls`,
    revision: SAMPLE_GROUP_POLICY.revision + 1,
    effectiveFrom,
    malls: mallList,
    staff,
    // The sample's robots name its malls: the template's become the first generated mall's, the other malls' go.
    ...(SAMPLE_GROUP_POLICY.notifications && {
      notifications: {
        ...SAMPLE_GROUP_POLICY.notifications,
        robots: SAMPLE_GROUP_POLICY.notifications.robots
          .filter((robot) => robot.mallId === null || robot.mallId === template.id)
          .map((robot) => (robot.mallId === null ? robot : { ...robot, mallId: mallIdOf(0) })),
      },
    }),
  };
  const problems = validateGroupPolicy(policy);
  if (problems.length > 0) throw new Error(`generated policy does not hold together: ${problems.slice(0, 3).map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; ')}`);
  return policy;
};

interface PlannedEvent {
  type: ComplaintEventType;
  data: unknown;
  at: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A deterministic pseudo-random number in [0, 1) for case i and salt s. */
const noise = (i: number, salt: number): number => {
  let x = (i * 2_654_435_761 + salt * 40_503) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x45d9f3b) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 4_294_967_296;
};

const KINDS_WEIGHTED = ['complaint', 'complaint', 'complaint', 'complaint', 'complaint', 'complaint', 'request', 'suggestion', 'inquiry', 'inquiry'] as const;
const COMPLAINANTS = ['consumer', 'consumer', 'consumer', 'street-shop-tenant', 'anchor-store'] as const;
const SATISFACTION = ['very-satisfied', 'satisfied', 'satisfied', 'satisfied', 'neutral', 'dissatisfied'] as const;
const DEPARTMENTS = ['operations', 'property', 'engineering'] as const;

/** One case's events in the order they happen. */
export const caseEvents = (i: number, mallId: string, receivedAtMs: number, monthEndMs: number, policyVersion: string): PlannedEvent[] => {
  const events: PlannedEvent[] = [];
  const add = <T extends ComplaintEventType>(type: T, data: EventData<T>, at: number) => events.push({ type, data, at });
  const kind = KINDS_WEIGHTED[Math.floor(noise(i, 1) * KINDS_WEIGHTED.length)];
  const category = CATEGORIES[Math.floor(noise(i, 2) * CATEGORIES.length)];
  const channel = (['walk-in', 'phone', 'phone', 'wechat', 'hotline-12345'] as const).filter((value) => (CHANNELS as readonly string[]).includes(value))[Math.floor(noise(i, 3) * 4)] ?? 'walk-in';
  const complainantType = COMPLAINANTS[Math.floor(noise(i, 4) * COMPLAINANTS.length)];
  const desk = `${mallId.toLowerCase()}-desk-1`;
  const handler = `${mallId.toLowerCase()}-${DEPARTMENTS[i % 3]}-1`;
  const department = DEPARTMENTS[i % 3];
  const t0 = receivedAtMs;
  const caseNumber = `${mallId}-${iso(t0).slice(0, 10).replace(/-/g, '')}-${String((i % 9999) + 1).padStart(4, '0')}`;
  add(
    'ComplaintRegistered',
    {
      caseNumber,
      channel,
      kind,
      category,
      complainantType,
      description: '3号扶梯停运，顾客被困约五分钟，现场无工作人员 / escalator 3 stopped with a customer on it',
      receivedAt: iso(t0),
      written: false,
      complainantSubjectId: randomUUID(),
      matterKey: null,
      channelDetails: { recordedBy: desk, place: '1F 总服务台' },
      attachments: [],
      policyVersion,
    } as EventData<'ComplaintRegistered'>,
    t0,
  );
  if (kind === 'inquiry') {
    add('InquiryAnswered', { answer: '营业时间 10:00–22:00', answeredBy: desk }, t0 + 3 * MINUTE);
    return events;
  }
  const forwardAfter = (2 + noise(i, 5) * 14) * MINUTE; // some forwarded late (> 10 min)
  const clockStart = (clockKind: string, targetMinutes: number) =>
    add(
      'SlaClockStarted',
      { clockId: `${clockKind}#1`, clockKind, startedAt: iso(t0), dueAt: iso(t0 + targetMinutes * MINUTE), targetMinutes, policyVersion, calendarCoverage: { status: 'official' }, warnAt: [], byCustomerDeadline: false } as EventData<'SlaClockStarted'>,
      t0 + 200,
    );
  clockStart('forward-to-responsible', 10);
  clockStart('resolve-general', 3 * 24 * 60);
  add('CaseOpened', { caseNumber, kind, category, channel, complainantType, written: false, receivedAt: iso(t0), collectiveMemberIds: [] } as unknown as EventData<'CaseOpened'>, t0 + forwardAfter - 100);
  add('CaseRouted', { owningDepartmentId: 'customer-service', handlingDepartmentId: department, routingRuleId: 'default', policyVersion }, t0 + forwardAfter);
  add('SlaClockMet', { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', metAt: iso(t0 + forwardAfter), withinTarget: forwardAfter <= 10 * MINUTE }, t0 + forwardAfter + 50);
  add('CaseAssigned', { staffId: handler, departmentId: department, rule: 'roster', policyVersion }, t0 + forwardAfter + MINUTE);
  add('CaseAccepted', { departmentId: department } as EventData<'CaseAccepted'>, t0 + forwardAfter + 3 * MINUTE);
  const replyAfter = (1 + noise(i, 6) * 30) * HOUR;
  add('CaseProgressNoted', { note: '已联系顾客，安排工程部检查', departmentId: department }, t0 + replyAfter);
  add('CaseVerified', { validity: noise(i, 7) < 0.06 ? 'invalid' : 'valid', reason: '现场核实' }, t0 + replyAfter + 10 * MINUTE);
  add('CaseClassified', { responsibility: noise(i, 8) < 0.1 ? 'non-responsible' : 'responsible', severity: noise(i, 9) < 0.05 ? 'major' : 'general', criteria: ['service-shortfall'] }, t0 + replyAfter + 11 * MINUTE);
  const resolveAfter = (4 + noise(i, 10) * 90) * HOUR; // some beyond 3 days
  if (resolveAfter > 72 * HOUR) {
    add('SlaClockBreached', { clockId: 'resolve-general#1', clockKind: 'resolve-general', dueAt: iso(t0 + 72 * HOUR), breachedAt: iso(t0 + 72 * HOUR + 300), policyVersion }, t0 + 72 * HOUR + 300);
    add(
      'SlaEscalated',
      {
        escalationKey: `resolve-general#1/1`,
        reason: 'breached',
        why: 'resolve-general breached',
        rung: 'department-manager',
        ladderRung: 'department-manager',
        step: 1,
        clockId: 'resolve-general#1',
        clockKind: 'resolve-general',
        notified: [{ rung: 'department-manager', staffId: 'sh01-engineering-mgr', departmentId: 'engineering' }],
        vacancies: [],
        scheduledAt: iso(t0 + 72 * HOUR),
        escalatedAt: iso(t0 + 72 * HOUR + 400),
        policyVersion,
      } as EventData<'SlaEscalated'>,
      t0 + 72 * HOUR + 400,
    );
  }
  const resolvedAt = t0 + resolveAfter;
  if (resolvedAt > monthEndMs + 5 * 24 * HOUR || noise(i, 11) < 0.03) return events; // still open
  add('CaseResolved', { actionTaken: '维修完成并致歉', customerToldWhat: '已修复，赠送停车券', owningDepartmentId: 'customer-service', handlingDepartmentId: department }, resolvedAt);
  add('SlaClockMet', { clockId: 'resolve-general#1', clockKind: 'resolve-general', metAt: iso(resolvedAt), withinTarget: resolveAfter <= 72 * HOUR }, resolvedAt + 50);
  add('CallbackScheduled', { owningDepartmentId: 'customer-service', dueAt: iso(resolvedAt + 48 * HOUR), policyVersion } as EventData<'CallbackScheduled'>, resolvedAt + 100);
  const callbackAt = resolvedAt + (2 + noise(i, 12) * 40) * HOUR;
  if (noise(i, 13) < 0.04) {
    for (let attempt = 1; attempt <= 3; attempt++) add('CallbackAttemptRecorded', { method: 'phone', reached: false, attempt }, callbackAt + attempt * HOUR);
    add('CallbackUnreachable', { failedAttempts: 3, reason: '三次未接通', policyVersion }, callbackAt + 3 * HOUR + 100);
    add('CaseClosed', { closedBecause: 'unreachable', policyVersion }, callbackAt + 3 * HOUR + 200);
    return events;
  }
  const satisfaction = SATISFACTION[Math.floor(noise(i, 14) * SATISFACTION.length)];
  const satisfied = satisfaction === 'satisfied' || satisfaction === 'very-satisfied';
  add('CallbackAttemptRecorded', { method: 'phone', reached: true, attempt: 1 }, callbackAt);
  add('CallbackOutcomeRecorded', { method: 'phone', satisfaction, solved: satisfied, satisfied, comment: satisfied ? '处理及时' : '还是没修好', policyVersion }, callbackAt + 100);
  if (satisfied) {
    add('CaseClosed', { closedBecause: 'satisfied', satisfaction, policyVersion }, callbackAt + 200);
    return events;
  }
  // Dissatisfied: reopened, handled again, resolved, called back again and satisfied.
  add('CaseReopened', { reason: '回访不满意' }, callbackAt + 300);
  const second = callbackAt + 20 * HOUR;
  add('CaseResolved', { actionTaken: '更换部件', customerToldWhat: '已彻底修复', owningDepartmentId: 'customer-service', handlingDepartmentId: department }, second);
  add('CallbackAttemptRecorded', { method: 'phone', reached: true, attempt: 1 }, second + 3 * HOUR);
  add('CallbackOutcomeRecorded', { method: 'phone', satisfaction: 'satisfied', solved: true, satisfied: true, policyVersion }, second + 3 * HOUR + 100);
  add('CaseClosed', { closedBecause: 'satisfied', satisfaction: 'satisfied', policyVersion }, second + 3 * HOUR + 200);
  return events;
};

/** Every generated type once, checked against its contract: the bench's logs are what the services would write. */
export const checkGeneratedContracts = (policyVersion: string): void => {
  const seen = new Set<string>();
  const start = Date.parse('2026-10-05T02:00:00Z');
  for (let i = 0; i < 400 && seen.size < 30; i++) {
    for (const event of caseEvents(i, 'M001', start, Date.parse('2026-11-01T00:00:00Z'), policyVersion)) {
      if (seen.has(event.type)) continue;
      seen.add(event.type);
      assertValidEventData(event.type, event.data);
    }
  }
};

const STREAM_PREFIX: Record<string, string> = { intake: 'complaint', routing: 'case', 'sla-monitor': 'sla', callback: 'callback' };

interface Batch {
  stream: string[];
  position: number[];
  eventId: string[];
  type: string[];
  version: number[];
  complaint: string[];
  mall: string[];
  data: string[];
  metadata: string[];
  occurred: string[];
}

const emptyBatch = (): Batch => ({ stream: [], position: [], eventId: [], type: [], version: [], complaint: [], mall: [], data: [], metadata: [], occurred: [] });

const flush = async (client: Client, schema: string, batch: Batch): Promise<void> => {
  if (batch.stream.length === 0) return;
  await client.query({
    name: `bench-load-${schema}`,
    text: `INSERT INTO ${schema}.events (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at, recorded_at)
           SELECT s, p, e, t, v, c, m, d, md, o, o FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[], $8::jsonb[], $9::jsonb[], $10::timestamptz[])
             AS x(s, p, e, t, v, c, m, d, md, o)`,
    values: [batch.stream, batch.position, batch.eventId, batch.type, batch.version, batch.complaint, batch.mall, batch.data, batch.metadata, batch.occurred],
  });
};

export interface LoadedMonth {
  cases: number;
  events: number;
  eventsByType: Record<string, number>;
  bigMallCases: number;
}

/**
 * Writes the month into the producers' event tables (already migrated) in batches: `casesPerMall`
 * cases in each mall, except the first, which gets `bigMallCases` (the 50,000-row monthly detail).
 */
export const loadMonth = async (
  client: Client,
  options: { malls: number; casesPerMall: number; bigMallCases: number; month: string; policyVersion: string; batchRows?: number; progress?: (line: string) => void },
): Promise<LoadedMonth> => {
  const batchRows = options.batchRows ?? 5_000;
  const monthStart = Date.parse(`${options.month}-01T00:00:00+08:00`);
  const [year, monthNumber] = options.month.split('-').map(Number);
  const monthEnd = Date.parse(`${monthNumber === 12 ? year + 1 : year}-${String(monthNumber === 12 ? 1 : monthNumber + 1).padStart(2, '0')}-01T00:00:00+08:00`);
  const batches = new Map<string, Batch>();
  const positions = new Map<string, number>();
  const eventsByType: Record<string, number> = {};
  let events = 0;
  let cases = 0;
  let i = 0;
  const started = Date.now();
  for (let mall = 0; mall < options.malls; mall++) {
    const mallId = mallIdOf(mall);
    const count = mall === 0 ? options.bigMallCases : options.casesPerMall;
    for (let n = 0; n < count; n++, i++) {
      const complaintId = randomUUID();
      const receivedAt = monthStart + Math.floor(((n + noise(i, 0)) / count) * (monthEnd - monthStart - HOUR));
      for (const event of caseEvents(i, mallId, receivedAt, monthEnd, options.policyVersion)) {
        const producer = EVENT_CATALOGUE[event.type].producer;
        const schema = schemaOf(producer);
        const stream = `${STREAM_PREFIX[producer]}-${complaintId}`;
        const position = (positions.get(stream) ?? 0) + 1;
        positions.set(stream, position);
        const batch = batches.get(schema) ?? emptyBatch();
        batches.set(schema, batch);
        const eventId = randomUUID();
        batch.stream.push(stream);
        batch.position.push(position);
        batch.eventId.push(eventId);
        batch.type.push(event.type);
        batch.version.push(EVENT_CATALOGUE[event.type].schemaVersion);
        batch.complaint.push(complaintId);
        batch.mall.push(mallId);
        batch.data.push(JSON.stringify(event.data));
        batch.metadata.push(JSON.stringify({ actor: { type: 'staff', id: `${mallId.toLowerCase()}-desk-1` }, correlationId: complaintId, causationId: null }));
        batch.occurred.push(new Date(event.at).toISOString());
        eventsByType[event.type] = (eventsByType[event.type] ?? 0) + 1;
        events++;
        if (batch.stream.length >= batchRows) {
          await flush(client, schema, batch);
          batches.set(schema, emptyBatch());
        }
      }
      // Stream positions are per case; forget them once the case is written.
      for (const prefix of Object.values(STREAM_PREFIX)) positions.delete(`${prefix}-${complaintId}`);
      cases++;
    }
    if (options.progress && (mall + 1) % 20 === 0) options.progress(`  loaded ${mall + 1}/${options.malls} malls, ${cases} cases, ${events} events (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  for (const [schema, batch] of batches) await flush(client, schema, batch);
  return { cases, events, eventsByType, bigMallCases: options.bigMallCases };
};
