import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { schemaOf } from '@mallcare/contracts';
import { createServiceDataSource, LogSignal, migrateServiceSchema } from '@mallcare/event-store';
import { SystemClock } from '@mallcare/platform';
import { SAMPLE_GROUP_POLICY, type GroupPolicy, type NotificationPolicy } from '@mallcare/policy';
import { createTestDatabase, type TestDatabase } from '@mallcare/testing';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { clocksMigrations } from '../migrations/clocks.migrations';
import type { OutgoingNotification } from '../notifications/notification-plan';
import { notificationSettingsFrom, type NotificationSettings } from '../notifications/notification.settings';
import { notificationsMigrations } from '../migrations/notifications.migrations';
import { OutboxNotificationAdapter } from '../notifications/outbox-notification.adapter';
import { NotificationOutboxRepository } from '../notifications/notification-outbox.repository';
import { StaffContactsRepository } from '../notifications/staff-contacts.repository';
import { DeliveryMetrics } from './delivery.metrics';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryService } from './delivery.service';
import { DeliveryWorker } from './delivery.worker';
import { EmailChannel } from './email.channel';
import { InboxChannel } from './inbox.channel';
import { DingTalkRobotChannel, WeComRobotChannel } from './robot.channels';
import { SmsChannel, smsProviderOf } from './sms.channel';
import { selfSignedCertificate, TestAliyunSmsServer, TestRobotServer, TestSmtpServer } from './test-support/channel-servers';

/**
 * Delivery against real parts: PostgreSQL (the outbox and delivery tables as migrated), a real SMTP
 * server (smtp-server) with and without STARTTLS, and real HTTP servers standing in for the WeCom
 * and DingTalk robots and for Aliyun's SMS API (which checks each request's signature), made to refuse,
 * to fail and to hang.
 */

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};

const DINGTALK_SECRET = 'SECtest0123456789abcdef';

const policyWith = (
  robots: NotificationPolicy['robots'],
  delivery: Partial<NotificationPolicy['delivery']> = {},
  rules: NotificationPolicy['rules'] = (SAMPLE_GROUP_POLICY.notifications as NotificationPolicy).rules,
): GroupPolicy => {
  const base = SAMPLE_GROUP_POLICY.notifications as NotificationPolicy;
  return {
    ...SAMPLE_GROUP_POLICY,
    notifications: {
      ...base,
      rules,
      robots,
      // A try is given 10 s: a shorter one, on a busy host, times out a message the server did accept
      // and sends it again (at least once on a timeout is the channels' contract); the test of a hanging
      // robot sets its own short timeout.
      delivery: { maxAttempts: 3, initialBackoffSeconds: 0.05, backoffFactor: 2, maxBackoffSeconds: 1, leaseSeconds: 20, timeoutSeconds: 10, ...delivery },
    },
  };
};

class DeliveryUnderTest {
  database!: TestDatabase;
  source!: DataSource;
  policy: GroupPolicy = policyWith([]);
  settings!: NotificationSettings;
  contacts!: StaffContactsRepository;
  deliveries!: DeliveryRepository;
  outbox!: OutboxNotificationAdapter;
  registry = new Registry();
  metrics!: DeliveryMetrics;

  async start(env: NodeJS.ProcessEnv): Promise<void> {
    this.database = await createTestDatabase();
    this.source = createServiceDataSource({ url: this.database.url, schema: 'sla_monitor', poolSize: 8, migrations: [...clocksMigrations, ...notificationsMigrations] });
    await this.source.initialize();
    await migrateServiceSchema(this.source, 'sla_monitor');
    this.deliveries = new DeliveryRepository(this.source);
    this.configure(env);
  }

  configure(env: NodeJS.ProcessEnv): void {
    this.settings = notificationSettingsFrom({ NOTIFY_CONTACTS_MASTER_KEY: randomBytes(32).toString('base64'), CONSOLE_BASE_URL: 'https://console.example.cn', ...env });
    this.contacts = new StaffContactsRepository(this.source, this.settings);
    const policySource = { current: () => this.policy };
    this.outbox = new OutboxNotificationAdapter(policySource, new NotificationOutboxRepository());
    this.registry = new Registry();
    this.metrics = new DeliveryMetrics(this.registry, this.deliveries);
  }

  service(): DeliveryService {
    const channels = [
      new InboxChannel(this.deliveries),
      new EmailChannel(this.settings, this.contacts),
      new SmsChannel(this.settings, smsProviderOf(this.settings), this.contacts),
      new WeComRobotChannel(this.settings),
      new DingTalkRobotChannel(this.settings),
    ];
    return new DeliveryService(this.deliveries, { current: () => this.policy }, channels, this.metrics, this.settings, new SystemClock());
  }

  async escalate(count: number, rung: OutgoingNotification['rung'] = 'director', staffId = 'sh01-director'): Promise<string[]> {
    const complaintIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const complaintId = randomUUID();
      complaintIds.push(complaintId);
      await this.source.query(`INSERT INTO sla_monitor.notification_cases (complaint_id, mall_id, case_number, updated_at) VALUES ($1, 'SH01', $2, now())`, [
        complaintId,
        `SH01-20261202-${String(i + 1).padStart(4, '0')}`,
      ]);
      const decisionKey = `${complaintId}:business-affected#1:step-0`;
      await this.source.transaction((manager) =>
        this.outbox.enqueue(manager, [
          {
            notification: {
              key: `${decisionKey}:${staffId}`,
              decisionKey,
              complaintId,
              mallId: 'SH01',
              departmentId: 'operations',
              staffId,
              rung,
              kind: 'escalation',
              decidedAt: new Date().toISOString(),
              about: { clockKind: 'business-affected', dueAt: '2026-12-02T02:00:00.000Z', step: 0, why: 'passed' },
            },
            subject: 'escalation',
            body: {},
          },
        ]),
      );
    }
    return complaintIds;
  }

  async rows(channel: string): Promise<{ id: string; status: string; attempts: number; claimed_by: string | null; last_error: string | null }[]> {
    return this.source.query(`SELECT id::text, status, attempts, claimed_by, last_error FROM sla_monitor.notification_deliveries WHERE channel = $1 ORDER BY id`, [channel]);
  }

  async attempts(channel: string): Promise<{ delivery_id: string; attempt: number; worker: string; outcome: string; error: string | null }[]> {
    return this.source.query(
      `SELECT a.delivery_id::text, a.attempt, a.worker, a.outcome, a.error FROM sla_monitor.notification_attempts a
       JOIN sla_monitor.notification_deliveries d ON d.id = a.delivery_id WHERE d.channel = $1 ORDER BY a.delivery_id, a.attempt`,
      [channel],
    );
  }

  async stop(): Promise<void> {
    await this.source?.destroy();
    await this.database?.drop();
  }
}

/** Runs delivery batches until nothing is pending on the channel (backoff waits included). */
const drain = async (service: DeliveryService, under: DeliveryUnderTest, channel: string): Promise<void> =>
  waitFor(`${channel} deliveries to settle`, async () => {
    await service.deliverBatch('drainer', 50);
    return (await under.rows(channel)).every((row) => row.status !== 'pending');
  });

describe('notification delivery over SMTP', () => {
  const under = new DeliveryUnderTest();
  const certificate = selfSignedCertificate();
  const servers: TestSmtpServer[] = [];

  beforeAll(async () => {
    await under.start({});
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await under.stop();
  });

  it.each([
    ['with STARTTLS and AUTH', true],
    ['in plain text when TLS is not required', false],
  ])('sends the zh-CN message to the person on file, %s', async (_, tls) => {
    const smtp = new TestSmtpServer({ tls: tls ? certificate : null, user: 'mallcare', password: 's3cret' });
    servers.push(smtp);
    await smtp.start();
    under.configure({
      NOTIFY_SMTP_HOST: 'localhost',
      NOTIFY_SMTP_PORT: String(smtp.port),
      NOTIFY_SMTP_REQUIRE_TLS: String(tls),
      NOTIFY_SMTP_USER: 'mallcare',
      NOTIFY_SMTP_PASSWORD: 's3cret',
      NOTIFY_SMTP_FROM: 'mallcare <noreply@mall.example.cn>',
      ...(tls ? { NOTIFY_SMTP_CA_FILE: certificate.certFile } : {}),
    });
    under.policy = policyWith([]);
    await under.contacts.save('sh01-director', { email: 'director.sh01@mall.example.cn', mobile: '13800138000' });
    await under.source.query(`DELETE FROM sla_monitor.notification_inbox`);
    await under.source.query(`DELETE FROM sla_monitor.notification_attempts`);
    await under.source.query(`DELETE FROM sla_monitor.notification_deliveries`);
    const [complaintId] = await under.escalate(1);

    await drain(under.service(), under, 'email');

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.to).toEqual(['director.sh01@mall.example.cn']);
    expect(mail.secure).toBe(tls);
    expect(mail.user).toBe('mallcare');
    expect(mail.subject).toBe('【上海虹桥广场】超时升级：案件 SH01-20261202-0001');
    expect(mail.text).toContain('案件编号：SH01-20261202-0001');
    expect(mail.text).toContain('「影响营业投诉处理」时限已于 2026/12/02 10:00 到期未完成，按升级规则通知总监。');
    expect(mail.text).toContain('时限：2026/12/02 10:00（Asia/Shanghai）');
    expect(mail.text).toContain(`查看案件：https://console.example.cn/case/${complaintId}`);
    expect(await under.rows('email')).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
    // The address lives only sealed in staff_contacts: nowhere in the delivery rows.
    const stored = JSON.stringify(await under.source.query(`SELECT * FROM sla_monitor.notification_deliveries`));
    expect(stored).not.toContain('director.sh01');
    const sealed: { email: Buffer }[] = await under.source.query(`SELECT email FROM sla_monitor.staff_contacts WHERE staff_id = 'sh01-director'`);
    expect(sealed[0].email.toString('latin1')).not.toContain('director.sh01');
  });

  it('marks a message to a person with no address failed at once, with the reason, and counts it', async () => {
    under.policy = policyWith([]);
    await under.source.query(`DELETE FROM sla_monitor.notification_attempts`);
    await under.source.query(`DELETE FROM sla_monitor.notification_inbox`);
    await under.source.query(`DELETE FROM sla_monitor.notification_deliveries`);
    await under.escalate(1, 'mall-gm', 'sh01-gm');
    const service = under.service();
    await drain(service, under, 'email');
    expect(await under.rows('email')).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, last_error: 'no e-mail address on file for sh01-gm' })]);
    expect(await under.registry.getSingleMetricAsString('mallcare_notifications_failed_total')).toContain('mallcare_notifications_failed_total{channel="email",rung="mall-gm"} 1');
  });
});

describe('notification delivery to WeCom and DingTalk robots', () => {
  const under = new DeliveryUnderTest();
  const robot = new TestRobotServer();

  beforeAll(async () => {
    await robot.start();
    await under.start({});
  });
  afterAll(async () => {
    await robot.stop();
    await under.stop();
  });

  beforeEach(async () => {
    robot.requests.length = 0;
    robot.answer = () => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
    await under.source.query(`DELETE FROM sla_monitor.notification_inbox`);
    await under.source.query(`DELETE FROM sla_monitor.notification_attempts`);
    await under.source.query(`DELETE FROM sla_monitor.notification_deliveries`);
    under.configure({
      NOTIFY_ROBOTS: JSON.stringify({
        'sh01-wecom': { url: `${robot.url}/cgi-bin/webhook/send?key=wecom-key` },
        'sh01-dingtalk': { url: `${robot.url}/robot/send?access_token=ding-token`, secret: DINGTALK_SECRET },
      }),
    });
    under.policy = policyWith([
      { id: 'sh01-wecom', channel: 'wecom', mallId: 'SH01' },
      { id: 'sh01-dingtalk', channel: 'dingtalk', mallId: 'SH01' },
    ]);
  });

  it('posts the webhook JSON of each robot, DingTalk signed with timestamp and HMAC-SHA256', async () => {
    const [complaintId] = await under.escalate(1);
    await drain(under.service(), under, 'dingtalk');
    await drain(under.service(), under, 'wecom');

    const wecom = robot.requests.filter((request) => request.path === '/cgi-bin/webhook/send');
    expect(wecom).toHaveLength(1);
    expect(wecom[0].query.get('key')).toBe('wecom-key');
    expect(wecom[0].body).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('### 【上海虹桥广场】超时升级：案件 SH01-20261202-0001') } });
    expect((wecom[0].body.markdown as { content: string }).content).toContain(`[查看案件](https://console.example.cn/case/${complaintId})`);

    const ding = robot.requests.filter((request) => request.path === '/robot/send');
    expect(ding).toHaveLength(1);
    expect(ding[0].query.get('access_token')).toBe('ding-token');
    const timestamp = ding[0].query.get('timestamp') as string;
    const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
    expect(ding[0].query.get('sign')).toBe(expected);
    expect(ding[0].body).toEqual({ msgtype: 'markdown', markdown: { title: '【上海虹桥广场】超时升级：案件 SH01-20261202-0001', text: expect.stringContaining('**通知对象**：总监') } });
  });

  it('retries a robot answering 500 with backoff, recording each try, and sends once it recovers', async () => {
    let failures = 2;
    robot.answer = () => (failures-- > 0 ? { status: 500, body: { errmsg: 'busy' } } : { status: 200, body: { errcode: 0, errmsg: 'ok' } });
    under.policy = policyWith([{ id: 'sh01-wecom', channel: 'wecom', mallId: 'SH01' }]);
    await under.escalate(1);
    await drain(under.service(), under, 'wecom');
    expect(await under.rows('wecom')).toEqual([expect.objectContaining({ status: 'sent', attempts: 3 })]);
    expect((await under.attempts('wecom')).map((attempt) => [attempt.attempt, attempt.outcome, attempt.error])).toEqual([
      [1, 'failed', 'WeCom robot sh01-wecom answered HTTP 500'],
      [2, 'failed', 'WeCom robot sh01-wecom answered HTTP 500'],
      [3, 'accepted', null],
    ]);
  });

  it("gives up after the policy's attempts on a robot that never answers, and marks the message failed", async () => {
    robot.answer = () => 'hang';
    under.policy = policyWith([{ id: 'sh01-dingtalk', channel: 'dingtalk', mallId: 'SH01' }], { maxAttempts: 2, timeoutSeconds: 0.2, leaseSeconds: 5 });
    await under.escalate(1);
    const service = under.service();
    await drain(service, under, 'dingtalk');
    expect(await under.rows('dingtalk')).toEqual([expect.objectContaining({ status: 'failed', attempts: 2, last_error: 'DingTalk robot sh01-dingtalk: no answer within 200 ms' })]);
    expect(robot.requests.filter((request) => request.path === '/robot/send')).toHaveLength(2);
    const metrics = await under.registry.metrics();
    expect(metrics).toContain('mallcare_notifications_failed_total{channel="dingtalk",rung="director"} 1');
    expect(metrics).toContain('mallcare_notification_attempts_failed_total{channel="dingtalk"} 2');
  });

  it('treats a robot refusing the request (errcode, 4xx) as failed: errcode is retried, a 4xx is given up at once', async () => {
    robot.answer = (request) => (request.path === '/robot/send' ? { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } } : { status: 404 });
    under.policy = policyWith([
      { id: 'sh01-wecom', channel: 'wecom', mallId: 'SH01' },
      { id: 'sh01-dingtalk', channel: 'dingtalk', mallId: 'SH01' },
    ]);
    await under.escalate(1);
    await drain(under.service(), under, 'dingtalk');
    await drain(under.service(), under, 'wecom');
    expect(await under.rows('dingtalk')).toEqual([expect.objectContaining({ status: 'failed', attempts: 3, last_error: 'DingTalk robot sh01-dingtalk refused: errcode 310000 sign not match' })]);
    expect(await under.rows('wecom')).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, last_error: 'WeCom robot sh01-wecom answered HTTP 404' })]);
  });
});

describe('opt-outs when planning deliveries', () => {
  const under = new DeliveryUnderTest();

  beforeAll(async () => {
    await under.start({});
    under.policy = policyWith([]);
  });
  afterAll(async () => {
    await under.stop();
  });

  /** A warning to the GM of a case whose facts (as the clocks keep them) say `severity` and `collective`. */
  const warnGm = async (severity: string | null, collective: boolean): Promise<string[]> => {
    const complaintId = randomUUID();
    const facts = { mallId: 'SH01', severity, collective, owningDepartmentId: 'operations', handlingDepartmentId: 'operations' };
    await under.source.query(`INSERT INTO sla_monitor.clock_cases (complaint_id, mall_id, facts, next_fire_at, updated_at) VALUES ($1, 'SH01', $2, NULL, now())`, [complaintId, JSON.stringify(facts)]);
    const decisionKey = `${complaintId}:major-to-gm-same-day#1:warn-75`;
    await under.source.transaction((manager) =>
      under.outbox.enqueue(manager, [
        {
          notification: {
            key: `${decisionKey}:sh01-gm`,
            decisionKey,
            complaintId,
            mallId: 'SH01',
            departmentId: 'operations',
            staffId: 'sh01-gm',
            rung: 'mall-gm',
            kind: 'warning',
            decidedAt: new Date().toISOString(),
            about: { clockKind: 'major-to-gm-same-day', dueAt: '2026-12-02T16:00:00.000Z', percent: 75 },
          },
          subject: 'warning',
          body: {},
        },
      ]),
    );
    const rows: { channel: string }[] = await under.source.query(`SELECT channel FROM sla_monitor.notification_deliveries WHERE complaint_id = $1 ORDER BY channel`, [complaintId]);
    return rows.map((row) => row.channel);
  };

  it('keeps an allowed opt-out (warnings by e-mail) for an ordinary case, never for a major, critical or collective one', async () => {
    await under.source.query(`INSERT INTO sla_monitor.notification_opt_outs (staff_id, kind, channel) VALUES ('sh01-gm', 'warning', 'email')`);
    expect(await warnGm('general', false)).toEqual(['inbox']);
    expect(await warnGm(null, false)).toEqual(['inbox']);
    expect(await warnGm('major', false)).toEqual(['email', 'inbox']);
    expect(await warnGm('critical', false)).toEqual(['email', 'inbox']);
    expect(await warnGm(null, true)).toEqual(['email', 'inbox']);
  });
});

describe('notification delivery by SMS (Aliyun SendSms)', () => {
  const under = new DeliveryUnderTest();
  const sms = new TestAliyunSmsServer('LTAI5tTestKeyId', 'testSecretOfTheAccessKey');
  const MOBILE = '13912345678';

  const configure = (secret: string): void =>
    under.configure({
      NOTIFY_SMS_ACCESS_KEY_ID: 'LTAI5tTestKeyId',
      NOTIFY_SMS_ACCESS_KEY_SECRET: secret,
      NOTIFY_SMS_SIGN_NAME: '上海虹桥广场',
      NOTIFY_SMS_TEMPLATE_CODE: 'SMS_480123456',
      NOTIFY_SMS_ENDPOINT: `${sms.url}/`,
      NOTIFY_SMS_REGION_ID: 'cn-shanghai',
    });

  beforeAll(async () => {
    await sms.start();
    await under.start({});
  });
  afterAll(async () => {
    await sms.stop();
    await under.stop();
  });

  beforeEach(async () => {
    sms.requests.length = 0;
    sms.rejected.length = 0;
    sms.business = () => ({ status: 200, body: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: randomUUID() } });
    await under.source.query(`DELETE FROM sla_monitor.notification_inbox`);
    await under.source.query(`DELETE FROM sla_monitor.notification_attempts`);
    await under.source.query(`DELETE FROM sla_monitor.notification_deliveries`);
    configure('testSecretOfTheAccessKey');
    under.policy = policyWith([], {}, [{ kinds: ['escalation'], channels: ['sms'] }]);
    await under.contacts.save('sh01-director', { email: null, mobile: MOBILE });
  });

  const attemptsOf = async () => (await under.attempts('sms')).map((attempt) => [attempt.attempt, attempt.outcome, attempt.error]);

  it('sends SendSms to the number on file with the sign name, the template and its parameters, signed as Aliyun checks it', async () => {
    await under.escalate(1);
    await drain(under.service(), under, 'sms');

    expect(sms.rejected).toEqual([]);
    expect(sms.requests).toHaveLength(1);
    const form = sms.requests[0].body as Record<string, string>;
    expect(form).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      RegionId: 'cn-shanghai',
      PhoneNumbers: MOBILE,
      SignName: '上海虹桥广场',
      TemplateCode: 'SMS_480123456',
    });
    expect(JSON.parse(form.TemplateParam)).toEqual({ caseNumber: 'SH01-20261202-0001', summary: expect.stringMatching(/^.{1,35}$/u) });
    const [row] = await under.rows('sms');
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(form.OutId).toBe(row.id);
    const [attempt]: { provider_reference: string }[] = await under.source.query(`SELECT provider_reference FROM sla_monitor.notification_attempts WHERE delivery_id = $1`, [row.id]);
    expect(attempt.provider_reference).toBe('900619746936498440^0');
    expect(await under.registry.getSingleMetricAsString('mallcare_notifications_sent_total')).toContain('mallcare_notifications_sent_total{channel="sms",rung="director"} 1');
    // Decision → accepted: observed once, for the try the provider accepted.
    expect(await under.registry.getSingleMetricAsString('mallcare_notification_delivery_latency_seconds')).toContain('mallcare_notification_delivery_latency_seconds_count{channel="sms"} 1');
  });

  it('gives up at once when the provider does not recognise the signature (a wrong secret cannot pass later)', async () => {
    configure('not-the-secret');
    await under.contacts.save('sh01-director', { email: null, mobile: MOBILE });
    await under.escalate(1);
    await drain(under.service(), under, 'sms');
    expect(sms.rejected.map((refusal) => refusal.code)).toEqual(['SignatureDoesNotMatch']);
    expect(await under.rows('sms')).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, last_error: 'Aliyun SMS refused: SignatureDoesNotMatch Specified signature is not matched with our calculation.' }),
    ]);
  });

  it('reads a business error (Code other than OK): a bad number is given up at once, flow control is retried until it passes', async () => {
    const refusals = ['isv.BUSINESS_LIMIT_CONTROL', 'isv.BUSINESS_LIMIT_CONTROL'];
    sms.business = (form) =>
      form.PhoneNumbers !== MOBILE
        ? { status: 200, body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: `非法手机号 ${form.PhoneNumbers}`, RequestId: randomUUID() } }
        : refusals.length > 0
          ? { status: 200, body: { Code: refusals.shift(), Message: '触发分钟级流控Permits:1', RequestId: randomUUID() } }
          : { status: 200, body: { Code: 'OK', Message: 'OK', BizId: '1^0', RequestId: randomUUID() } };
    await under.contacts.save('sh01-gm', { email: null, mobile: '13000000000' });
    await under.escalate(1);
    await under.escalate(1, 'mall-gm', 'sh01-gm');
    await drain(under.service(), under, 'sms');

    expect(sms.rejected).toEqual([]);
    const rows: { staff_id: string; status: string; attempts: number; last_error: string | null }[] = await under.source.query(
      `SELECT staff_id, status, attempts, last_error FROM sla_monitor.notification_deliveries WHERE channel = 'sms' ORDER BY staff_id`,
    );
    expect(rows).toEqual([
      { staff_id: 'sh01-director', status: 'sent', attempts: 3, last_error: null },
      // The number is masked in what is kept.
      { staff_id: 'sh01-gm', status: 'failed', attempts: 1, last_error: 'Aliyun SMS refused: isv.MOBILE_NUMBER_ILLEGAL 非法手机号 130****0000' },
    ]);
  });

  it('retries a provider answering 500, and gives up on one that never answers after the policy’s attempts', async () => {
    let failures = 1;
    sms.business = () => (failures-- > 0 ? { status: 500, body: { Code: 'InternalError', Message: 'The request processing has failed due to some unknown error.' } } : { status: 200, body: { Code: 'OK', BizId: '2^0' } });
    await under.escalate(1);
    await drain(under.service(), under, 'sms');
    expect(await attemptsOf()).toEqual([
      [1, 'failed', 'Aliyun SMS refused: InternalError The request processing has failed due to some unknown error.'],
      [2, 'accepted', null],
    ]);

    await under.source.query(`DELETE FROM sla_monitor.notification_attempts`);
    await under.source.query(`DELETE FROM sla_monitor.notification_deliveries`);
    sms.requests.length = 0;
    sms.business = () => 'hang';
    under.policy = policyWith([], { maxAttempts: 2, timeoutSeconds: 0.2, leaseSeconds: 5 }, [{ kinds: ['escalation'], channels: ['sms'] }]);
    await under.escalate(1);
    await drain(under.service(), under, 'sms');
    expect(await under.rows('sms')).toEqual([expect.objectContaining({ status: 'failed', attempts: 2, last_error: 'Aliyun SMS: no answer within 200 ms' })]);
    expect(sms.requests).toHaveLength(2);
    expect(sms.rejected).toEqual([]);
    expect(await under.registry.getSingleMetricAsString('mallcare_notifications_failed_total')).toContain('mallcare_notifications_failed_total{channel="sms",rung="director"} 1');
  });
});

describe('delivery workers', () => {
  const under = new DeliveryUnderTest();
  const robot = new TestRobotServer();

  beforeAll(async () => {
    await robot.start();
    await under.start({ NOTIFY_ROBOTS: JSON.stringify({ 'sh01-wecom': { url: `${robot.url}/send` } }) });
  });
  afterAll(async () => {
    await robot.stop();
    await under.stop();
  });

  beforeEach(async () => {
    robot.requests.length = 0;
    await under.source.query(`DELETE FROM sla_monitor.notification_inbox`);
    await under.source.query(`DELETE FROM sla_monitor.notification_attempts`);
    await under.source.query(`DELETE FROM sla_monitor.notification_deliveries`);
    // Only the robot, so every claimed row is one the robot server sees.
    under.policy = policyWith([{ id: 'sh01-wecom', channel: 'wecom', mallId: 'SH01' }], { leaseSeconds: 20, timeoutSeconds: 10 }, [{ kinds: ['escalation'], channels: ['wecom'] }]);
  });

  const sentTexts = () => robot.requests.map((request) => (request.body.markdown as { content: string }).content.split('\n')[0]);

  /** A gate the robot waits at before answering, opened by the test. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  };
  const OK = { status: 200, body: { errcode: 0, errmsg: 'ok' } };

  it('share the work without sending anything twice', async () => {
    await under.escalate(30);
    // No answer until both workers have a full batch in flight: each must have claimed rows of its own, none the same.
    const bothBusy = gate();
    robot.answer = async () => {
      if (robot.requests.length >= 10) bothBusy.open();
      await bothBusy.opened;
      return OK;
    };
    const a = new DeliveryWorker(under.service(), { workerId: 'worker-a', pollIntervalMs: 20, batchSize: 5 });
    const b = new DeliveryWorker(under.service(), { workerId: 'worker-b', pollIntervalMs: 20, batchSize: 5 });
    a.start();
    b.start();
    await waitFor('every wecom message sent', async () => (await under.rows('wecom')).every((row) => row.status === 'sent'));
    await Promise.all([a.stop(), b.stop()]);
    expect(robot.requests).toHaveLength(30);
    expect(new Set(sentTexts()).size).toBe(30);
    const attempts = await under.attempts('wecom');
    expect(new Set(attempts.map((attempt) => attempt.worker))).toEqual(new Set(['worker-a', 'worker-b']));
    expect(attempts.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual(Array.from({ length: 30 }, () => [1, 'accepted']));
  });

  it('stopped mid-batch, finishes what it holds; the worker after the restart sends only the rest', async () => {
    await under.escalate(12);
    const held = gate();
    robot.answer = async () => {
      await held.opened;
      return OK;
    };
    const before = new DeliveryWorker(under.service(), { workerId: 'before-restart', pollIntervalMs: 20, batchSize: 4 });
    before.start();
    await waitFor('the first batch in flight', async () => robot.requests.length === 4);
    const stopping = before.stop();
    held.open();
    await stopping;
    const afterStop = await under.rows('wecom');
    expect(afterStop.filter((row) => row.status === 'sent')).toHaveLength(4);
    expect(afterStop.filter((row) => row.status === 'pending' && row.attempts === 0 && row.claimed_by === null)).toHaveLength(8);

    const after = new DeliveryWorker(under.service(), { workerId: 'after-restart', pollIntervalMs: 20, batchSize: 4 });
    after.start();
    await waitFor('every wecom message sent', async () => (await under.rows('wecom')).every((row) => row.status === 'sent'));
    await after.stop();
    expect(robot.requests).toHaveLength(12);
    expect(new Set(sentTexts()).size).toBe(12);
    const attempts = await under.attempts('wecom');
    expect(attempts.filter((attempt) => attempt.worker === 'before-restart')).toHaveLength(4);
    expect(attempts.filter((attempt) => attempt.worker === 'after-restart')).toHaveLength(8);
    expect(attempts.every((attempt) => attempt.outcome === 'accepted' && attempt.attempt === 1)).toBe(true);
  });

  it('claims what a commit decided while a batch was in hand, without waiting for the next poll', async () => {
    await under.escalate(1);
    const held = gate();
    robot.answer = async () => {
      await held.opened;
      return OK;
    };
    // A poll far beyond the wait below: only the commit's signal can bring the second message out in time.
    const worker = new DeliveryWorker(under.service(), { workerId: 'signalled', pollIntervalMs: 600_000, batchSize: 5 });
    worker.start();
    try {
      await waitFor('the first message in flight', async () => robot.requests.length === 1);
      await under.escalate(1);
      LogSignal.appended(schemaOf('sla-monitor'));
      held.open();
      await waitFor('both messages sent', async () => (await under.rows('wecom')).every((row) => row.status === 'sent'));
    } finally {
      held.open();
      await worker.stop();
    }
    expect(robot.requests).toHaveLength(2);
  });

  it('takes over the rows of a worker that died holding them once its lease ends, and sends each once', async () => {
    await under.escalate(3);
    robot.answer = () => OK;
    // A worker claimed these and died before sending: its lease is still running.
    await under.source.query(
      `UPDATE sla_monitor.notification_deliveries SET claimed_by = 'dead', claim_id = gen_random_uuid(), lease_until = now() + interval '500 milliseconds', attempts = 1`,
    );
    const service = under.service();
    expect(await service.deliverBatch('alive', 10)).toBe(0);
    await waitFor('the dead worker’s rows to be taken over and sent', async () => {
      await service.deliverBatch('alive', 10);
      return (await under.rows('wecom')).every((row) => row.status === 'sent');
    });
    expect(robot.requests).toHaveLength(3);
    expect((await under.attempts('wecom')).map((attempt) => [attempt.attempt, attempt.worker, attempt.outcome])).toEqual([
      [2, 'alive', 'accepted'],
      [2, 'alive', 'accepted'],
      [2, 'alive', 'accepted'],
    ]);
  });
});
