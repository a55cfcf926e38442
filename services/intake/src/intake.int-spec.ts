import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createServiceDataSource, PostgresEventStore } from '@mallcare/event-store';
import { createEventBus, MessagingMetrics, type EventBus } from '@mallcare/messaging';
import { bearerFor, createTestDatabase, describeWithKafka, type TestDatabase } from '@mallcare/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { FOLLOWED, followedLogs, startIntake, walkInComplaint } from './test-support/intake-under-test';

jest.setTimeout(180_000);

const PHONE = '13812345678';
const NAME = '李晓明';
const OTHER_PHONE = '13987654321';

const until = async <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

interface Answer {
  status: number;
  body: Record<string, unknown> & { id?: string; caseNumber?: string };
  headers: Headers;
}

/** Intake as it runs (real PostgreSQL, the chosen transport), driven over HTTP with real tokens. */
const intakeScenario = (brokers: string[] | null) => () => {
  let database: TestDatabase;
  let intake: INestApplication;
  let db: DataSource;
  let routingStore: PostgresEventStore;
  let routingRelay: EventBus | null = null;
  let callbackStore: PostgresEventStore;
  let callbackRelay: EventBus | null = null;
  let baseUrl: string;
  const others: DataSource[] = [];
  const namespace = `intake-it-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The services intake follows: their logs exist (empty), and routing's takes events the test writes as routing would.
    others.push(...(await followedLogs(database.url)));
    routingStore = new PostgresEventStore(others[FOLLOWED.indexOf('routing')], 'routing', 'routing');
    callbackStore = new PostgresEventStore(others[FOLLOWED.indexOf('callback')], 'callback', 'callback');
    if (brokers) {
      // On Kafka the routing events the test writes reach intake only through routing's relay.
      const settings = { kafkaBrokers: brokers, clientId: 'routing-relay-it', kafkaNamespace: namespace, pollIntervalMs: 50, kafkaPartitions: 2, kafkaReplicationFactor: 1 };
      routingRelay = await createEventBus(settings, others[0], new MessagingMetrics(new Registry()), () => undefined);
      await routingRelay.publishOwnLog('routing', 'routing');
      callbackRelay = await createEventBus({ ...settings, clientId: 'callback-relay-it' }, others[2], new MessagingMetrics(new Registry()), () => undefined);
      await callbackRelay.publishOwnLog('callback', 'callback');
    }
    process.env.INTAKE_PII_MASTER_KEY = randomBytes(32).toString('base64');
    ({ app: intake, baseUrl } = await startIntake(database.url, {
      KAFKA_NAMESPACE: namespace,
      DB_POOL_SIZE: '12',
      ...(brokers ? { KAFKA_BROKERS: brokers.join(','), KAFKA_PARTITIONS: '2' } : {}),
    }));
    db = createServiceDataSource({ url: database.url, schema: 'intake', poolSize: 2 });
    await db.initialize();
  });

  afterAll(async () => {
    await intake?.close();
    await routingRelay?.close();
    await callbackRelay?.close();
    for (const ds of [db, ...others]) if (ds?.isInitialized) await ds.destroy();
    await database?.drop();
    delete process.env.INTAKE_PII_MASTER_KEY;
  });

  const call = async (staffId: string | null, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(staffId ? { authorization: bearerFor(staffId) } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers };
  };
  const register = (body: Record<string, unknown>, staffId = 'sh01-desk-1', headers: Record<string, string> = {}) => call(staffId, 'POST', '/complaints', body, headers);
  const walkIn = walkInComplaint;
  const eventsOf = async (complaintId: string): Promise<{ event_type: string; data: Record<string, unknown> }[]> =>
    db.query(`SELECT event_type, data FROM intake.events WHERE complaint_id = $1 ORDER BY global_position`, [complaintId]);
  const routingEvent = async (complaintId: string, type: 'CaseRouted' | 'CaseResolved', data: Record<string, unknown>) => {
    await routingStore.append(`case-${complaintId}`, [{ type, data }], { complaintId, mallId: 'SH01', actor: { type: 'system', id: 'routing' }, correlationId: complaintId, causationId: null }, 'any');
  };

  it('five tenants’ power-cut complaints, registered at once, become exactly one collective case linked to all five; a sixth joins it', async () => {
    const start = Date.now() - 90 * 60_000;
    const tenant = (n: number) =>
      register({
        ...walkIn(),
        category: 'engineering-equipment',
        complainantType: 'street-shop-tenant',
        description: `B1 停电，店铺无法营业 / power cut in B1, shop ${n} cannot trade`,
        location: 'B1 美食街',
        tenantUnit: `B1-${String(n).padStart(3, '0')}`,
        receivedAt: new Date(start + n * 10 * 60_000).toISOString(),
      });
    const answers = await Promise.all([1, 2, 3, 4, 5].map(tenant));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    const memberIds = answers.map((answer) => answer.body.id as string);

    const raised: { complaint_id: string; data: { members: string[]; distinctTenants: number; caseNumber: string; trigger: string } }[] = await db.query(
      `SELECT complaint_id, data FROM intake.events WHERE event_type = 'CollectiveComplaintRaised'`,
    );
    expect(raised).toHaveLength(1);
    const [collective] = raised;
    expect([...collective.data.members].sort()).toEqual([...memberIds].sort());
    expect(collective.data).toMatchObject({ distinctTenants: 5, trigger: 'distinct-tenants' });
    expect(collective.data.caseNumber).toMatch(/^SH01-\d{8}-\d{4}$/);
    for (const id of memberIds) {
      expect((await eventsOf(id)).map((e) => e.event_type)).toEqual(['ComplaintRegistered', 'ComplaintJoinedCollective']);
    }
    const raisedBy = answers.filter((answer) => (answer.body.collective as { raised?: boolean } | undefined)?.raised);
    expect(raisedBy).toHaveLength(1);

    const view = await call('sh01-gm', 'GET', `/complaints/${collective.complaint_id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ kind: 'complaint', collective: true, distinctTenants: 5, caseNumber: collective.data.caseNumber });
    expect((view.body.members as { id: string }[]).map((m) => m.id).sort()).toEqual([...memberIds].sort());

    const sixth = await tenant(6);
    expect(sixth.status).toBe(201);
    expect(sixth.body.collective).toMatchObject({ id: collective.complaint_id, raised: false, distinctTenants: 6 });
    expect(await db.query(`SELECT 1 FROM intake.events WHERE event_type = 'CollectiveComplaintRaised'`)).toHaveLength(1);
    const listed = await call('sh01-desk-1', 'GET', '/complaints?collective=true');
    expect((listed.body.items as { id: string }[]).map((item) => item.id)).toEqual([collective.complaint_id]);
  });

  it('registering twice with one Idempotency-Key returns the first answer and creates nothing; another request under the key is refused', async () => {
    const key = `desk-${randomUUID()}`;
    const body = walkIn({ description: '试衣间门锁坏了 / the fitting-room lock is broken' });
    const [first, second] = await Promise.all([register(body, 'sh01-desk-1', { 'idempotency-key': key }), register(body, 'sh01-desk-1', { 'idempotency-key': key })]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    const again = await register({ ...body, idempotencyKey: key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await db.query(`SELECT 1 FROM intake.events WHERE data->>'description' = $1`, [body.description])).toHaveLength(1);
    const different = await register({ ...body, description: 'something else' }, 'sh01-desk-1', { 'idempotency-key': key });
    expect(different.status).toBe(422);
    expect(different.body.code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
  });

  it('lists a desk’s own registrations by who recorded them (the desk’s “today”), and refuses a malformed staff id', async () => {
    const description = `前台记录 ${randomUUID()} / recorded at the desk`;
    const mine = await register(walkIn({ description }), 'sh01-desk-2');
    const forColleague = await register(walkIn({ description, recordedBy: 'sh01-desk-2' }), 'sh01-desk-1');
    const theirs = await register(walkIn({ description }), 'sh01-desk-1');
    expect([mine.status, forColleague.status, theirs.status]).toEqual([201, 201, 201]);
    const from = new Date(Date.now() - 60 * 60_000).toISOString();
    const listed = await call('sh01-desk-2', 'GET', `/complaints?recordedBy=sh01-desk-2&from=${encodeURIComponent(from)}&limit=200`);
    expect(listed.status).toBe(200);
    const ids = (listed.body.items as { id: string; recordedBy: string }[]).map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([mine.body.id, forColleague.body.id]));
    expect(ids).not.toContain(theirs.body.id);
    expect((listed.body.items as { recordedBy: string }[]).every((item) => item.recordedBy === 'sh01-desk-2')).toBe(true);
    const bad = await call('sh01-desk-2', 'GET', '/complaints?recordedBy=Desk%201');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('recordedBy');
  });

  it('an inquiry is answered and closed at the desk in one step', async () => {
    const answer = await register(walkIn({ kind: 'inquiry', category: 'other', description: '停车场几点关门 / when does the car park close', answer: '22:00' }));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ kind: 'inquiry', status: 'closed', outcome: 'answered-and-closed' });
    expect((await eventsOf(answer.body.id as string)).map((e) => e.event_type)).toEqual(['ComplaintRegistered', 'InquiryAnswered']);
  });

  it('each channel is checked for its own fields (400 by field), and for being enabled at the mall (422)', async () => {
    const noPlace = await register({ ...walkIn(), place: undefined });
    expect(noPlace.status).toBe(400);
    expect((noPlace.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['place']);
    const phone = await register({ ...walkIn(), channel: 'phone', place: undefined });
    expect((phone.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['contactPhone']);
    const letter = await register({ ...walkIn(), channel: 'letter', place: undefined, contactAddress: '上海市长宁区某路100号' });
    expect(letter.status).toBe(201);
    expect((await eventsOf(letter.body.id as string))[0].data).toMatchObject({ written: true });
    const gz = await register({ ...walkIn(), mallId: 'GZ01', channel: 'mobile-app', place: undefined, submissionReference: 'APP-1' }, 'gz01-desk-1');
    expect(gz.status).toBe(422);
    expect(gz.body.code).toBe('INTAKE_CHANNEL_NOT_ENABLED');
    const unknownMall = await register(walkIn({ mallId: 'ZZ99' }));
    expect(unknownMall.status).toBe(422);
    expect(unknownMall.body.code).toBe('INTAKE_MALL_UNKNOWN');
    const future = await register(walkIn({ receivedAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(future.status).toBe(400);
    const withPhoneInText = await register(walkIn({ description: `请回电 ${PHONE}` }));
    expect(withPhoneInText.status).toBe(400);
  });

  it('records whether a tenant’s business is affected (ComplaintRegistered v3), and refuses it for a consumer or as a non-boolean', async () => {
    const tenant = await register(
      walkIn({ complainantType: 'street-shop-tenant', tenantUnit: 'L1-020', businessAffected: true, description: '门口施工，店铺无法营业 / works at the door, the shop cannot trade' }),
    );
    expect(tenant.status).toBe(201);
    const [registered] = await db.query(`SELECT data, schema_version FROM intake.events WHERE complaint_id = $1 AND event_type = 'ComplaintRegistered'`, [tenant.body.id]);
    expect([registered.data.businessAffected, registered.schema_version]).toEqual([true, 3]);
    const wrongType = await register(walkIn({ complainantType: 'street-shop-tenant', businessAffected: 'yes' }));
    expect(wrongType.status).toBe(400);
    expect((wrongType.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['businessAffected']);
    const consumer = await register(walkIn({ businessAffected: true }));
    expect([consumer.status, consumer.body.code, consumer.body.rule]).toEqual([422, 'INTAKE_REGISTRATION_RULE_BROKEN', 'business-affected-only-for-tenants']);
  });

  it('the same caller on an open matter is linked to the open case and counted; once resolved, a new case opens', async () => {
    const first = await register(walkIn({ channel: 'phone', place: undefined, contactPhone: PHONE, reporterName: NAME, category: 'environment-facilities', description: '洗手间没有纸 / no paper in the toilets' }));
    expect(first.status).toBe(201);
    const again = await register(walkIn({ contactPhone: '+86 138-1234-5678', category: 'environment-facilities', description: '还是没有纸 / still no paper' }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, caseNumber: first.body.caseNumber, outcome: 'linked-to-open-case', repeatCount: 2 });
    expect(again.body.registrationId).not.toBe(first.body.id);
    const linked = (await eventsOf(first.body.id as string)).find((e) => e.event_type === 'RepeatComplaintLinked');
    expect(linked?.data).toMatchObject({ complaintId: first.body.id, repeatComplaintId: again.body.registrationId, repeatCount: 2 });

    await routingEvent(first.body.id as string, 'CaseResolved', { actionTaken: '补充纸巾', customerToldWhat: '已告知', owningDepartmentId: 'operations', handlingDepartmentId: 'property' });
    await until('the resolution seen by intake', async () => {
      const [row] = await db.query(`SELECT status FROM intake.registrations WHERE complaint_id = $1`, [first.body.id]);
      return row.status === 'resolved' ? true : undefined;
    });
    const third = await register(walkIn({ contactPhone: PHONE, category: 'environment-facilities', description: '又没有纸了 / out of paper again' }));
    expect(third.status).toBe(201);
    expect(third.body.id).not.toBe(first.body.id);
  });

  it('two registrations of one new caller at the same moment make one case and one repeat, never two cases', async () => {
    const body = walkIn({ contactPhone: '13600002222', category: 'property-management', description: '停车收费有误 / wrong parking fee' });
    const answers = await Promise.all([register(body), register(body)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    expect(answers[0].body.id).toBe(answers[1].body.id);
    expect(answers.find((answer) => answer.status === 200)?.body).toMatchObject({ repeatCount: 2 });
  });

  it('shows the phone in clear to the desk and the handling department, masked to others; another mall’s staff get 404 and 403', async () => {
    const created = await register(walkIn({ contactPhone: OTHER_PHONE, reporterName: '王芳', category: 'engineering-equipment', description: '扶梯异响 / escalator noise' }));
    const id = created.body.id as string;
    const desk = await call('sh01-desk-1', 'GET', `/complaints/${id}`);
    expect(desk.body.complainant).toMatchObject({ visibility: 'full', phone: OTHER_PHONE, name: '王芳' });
    const gm = await call('sh01-gm', 'GET', `/complaints/${id}`);
    expect(gm.body.complainant).toMatchObject({ visibility: 'masked', phone: '139****4321', name: '王*' });
    expect(JSON.stringify(gm.body)).not.toContain(OTHER_PHONE);
    expect((await call('hq-ops-1', 'GET', `/complaints/${id}`)).body.complainant).toMatchObject({ phone: '139****4321' });
    expect((await call('sh01-engineering-1', 'GET', `/complaints/${id}`)).body.complainant).toMatchObject({ visibility: 'masked' });
    await routingEvent(id, 'CaseRouted', { owningDepartmentId: 'operations', handlingDepartmentId: 'engineering', routingRuleId: 'route-engineering', policyVersion: 'sample-group-r1' });
    const engineer = await until('routing seen by intake', async () => {
      const answer = await call('sh01-engineering-1', 'GET', `/complaints/${id}`);
      return (answer.body.complainant as { visibility: string }).visibility === 'full' ? answer : undefined;
    });
    expect(engineer.body.complainant).toMatchObject({ phone: OTHER_PHONE });

    expect((await call('bj01-desk-1', 'GET', `/complaints/${id}`)).status).toBe(404);
    expect((await call('bj01-gm', 'GET', `/complaints/${id}/timeline`)).status).toBe(404);
    expect((await register(walkIn(), 'bj01-desk-1')).status).toBe(403);
    expect((await call('bj01-desk-1', 'GET', '/complaints?mallId=SH01')).status).toBe(403);
    const bjList = await call('bj01-desk-1', 'GET', '/complaints');
    expect(bjList.body.items).toEqual([]);
    expect((await call(null, 'GET', `/complaints/${id}`)).status).toBe(401);
    expect((await register(walkIn(), 'sh01-gm')).status).toBe(403);
  });

  it('erasure makes the person unreadable everywhere while the case and its timeline stay', async () => {
    const created = await register(walkIn({ contactPhone: '13700001111', reporterName: '赵敏', category: 'product-quality', description: '买到过期食品 / sold expired food' }));
    const id = created.body.id as string;
    const subjectId = ((await call('sh01-desk-1', 'GET', `/complaints/${id}`)).body.complainant as { subjectId: string }).subjectId;
    expect((await call('sh01-desk-1', 'POST', `/subjects/${subjectId}/erasure`)).status).toBe(403);
    expect((await call('bj01-gm', 'POST', `/subjects/${subjectId}/erasure`)).status).toBe(404);
    const found = await call('sh01-gm', 'POST', '/subjects/lookup', { phone: '137 0000 1111' });
    expect(found.body).toMatchObject({ subjectId, complaintIds: [id] });
    // Another mall's GM learns nothing: the same answer, word for word, as for a phone nobody has (issue 11 item 7).
    const otherMall = await call('bj01-gm', 'POST', '/subjects/lookup', { phone: '137 0000 1111' });
    const unknown = await call('bj01-gm', 'POST', '/subjects/lookup', { phone: '13600000000' });
    expect(otherMall.status).toBe(404);
    expect(otherMall.body).toEqual(unknown.body);
    expect(JSON.stringify(otherMall.body)).not.toContain(subjectId);
    const otherErase = await call('bj01-gm', 'POST', `/subjects/${subjectId}/erasure`);
    const unknownErase = await call('bj01-gm', 'POST', `/subjects/${randomUUID()}/erasure`);
    expect(otherErase.body.detail).toBe(`no person ${subjectId}`);
    expect(unknownErase.body).toMatchObject({ status: 404, title: otherErase.body.title });

    const erased = await call('sh01-gm', 'POST', `/subjects/${subjectId}/erasure`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ subjectId, complaintIds: [id], alreadyErased: false });
    const view = await call('sh01-desk-1', 'GET', `/complaints/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ caseNumber: created.body.caseNumber, complainant: { visibility: 'erased', name: '[erased]', phone: '[erased]' } });
    const timeline = await call('sh01-desk-1', 'GET', `/complaints/${id}/timeline`);
    expect(timeline.status).toBe(200);
    expect((timeline.body.entries as { type: string }[]).map((e) => e.type)).toEqual(['ComplaintRegistered', 'PersonalDataErased']);
    expect((await call('hq-admin', 'POST', `/subjects/${subjectId}/erasure`)).body).toMatchObject({ alreadyErased: true });
    expect((await call('sh01-gm', 'POST', '/subjects/lookup', { phone: '13700001111' })).status).toBe(404);
    // The same phone is a stranger now: no repeat link to the erased person's open case.
    const again = await register(walkIn({ contactPhone: '13700001111', category: 'product-quality', description: '又买到过期食品 / expired food again' }));
    expect(again.status).toBe(201);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM intake.registrations WHERE complaint_id = $1`, [id]);
    expect(n).toBe(1);
  });

  it('keeps its status copy with the owners: resolved, closed by callback, open again after a reopen that won the race (issue 11 item 9)', async () => {
    const created = await register(walkIn({ description: '收银台排队太久 / the queue at the till was too long' }));
    const id = created.body.id as string;
    const statusOf = async (): Promise<string> => ((await call('sh01-desk-1', 'GET', `/complaints/${id}`)).body.status as string);
    const context = { complaintId: id, mallId: 'SH01', correlationId: id, causationId: null };
    await routingEvent(id, 'CaseResolved', { actionTaken: 'apologised', customerToldWhat: 'phoned', owningDepartmentId: 'operations', handlingDepartmentId: 'operations' });
    await until('resolved in intake', async () => ((await statusOf()) === 'resolved' ? true : undefined));
    await callbackStore.append(`callback-${id}`, [{ type: 'CaseClosed', data: { closedBecause: 'satisfied', satisfaction: 'satisfied', policyVersion: 'test' } }], { ...context, actor: { type: 'system', id: 'callback' } }, 'any');
    await until('closed in intake', async () => ((await statusOf()) === 'closed' ? true : undefined));
    await routingStore.append(`case-${id}`, [{ type: 'CaseReopened', data: { reason: 'the GM asked before routing heard of the closure' } }], { ...context, actor: { type: 'system', id: 'routing' } }, 'any');
    await until('open again in intake', async () => ((await statusOf()) === 'open' ? true : undefined));
  });

  it('no name or phone number ever reaches the event log (or the personal-data tables in clear)', async () => {
    await register(walkIn({ contactPhone: PHONE, reporterName: NAME, category: 'marketing-events', description: '活动奖品未兑现 / the prize was not given' }));
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM intake.events`);
    expect(n).toBeGreaterThan(10);
    const leaks: unknown[] = await db.query(
      `SELECT event_id FROM intake.events WHERE data::text LIKE ANY($1) OR metadata::text LIKE ANY($1)`,
      [[`%${PHONE}%`, `%${NAME}%`, `%${OTHER_PHONE}%`, '%王芳%', '%1234-5678%']],
    );
    expect(leaks).toEqual([]);
    const sealed: { sealed: Buffer }[] = await db.query(`SELECT sealed FROM intake.personal_records`);
    expect(sealed.length).toBeGreaterThan(0);
    for (const { sealed: bytes } of sealed) expect(bytes.toString('utf8')).not.toContain(PHONE);
  });

  if (brokers) {
    it('nor the Kafka topic', async () => {
      const kafka = new Kafka({ clientId: 'intake-it', brokers, logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: `${namespace}.pii-check-${randomUUID().slice(0, 8)}` });
      const values: string[] = [];
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM intake.events`);
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [`${namespace}.intake.events.v1`], fromBeginning: true });
        await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value?.toString('utf8') ?? '') });
        await until('every intake event on the topic', async () => (values.length >= n ? true : undefined), 60_000);
      } finally {
        await consumer.disconnect();
      }
      expect(values.some((value) => value.includes('CollectiveComplaintRaised'))).toBe(true);
      for (const secret of [PHONE, NAME, OTHER_PHONE, '王芳', '赵敏']) expect(values.filter((value) => value.includes(secret))).toEqual([]);
    });
  }
};

describe('intake on the embedded transport', intakeScenario(null));
describeWithKafka('intake on Kafka', (brokers) => intakeScenario(brokers)());
