import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { logRegistration, ServiceUnderTest, walkInRegistration, WATER_AT_SHOP } from '@mallcare/service-testing';
import { describeWithKafka } from '@mallcare/testing';
import { TestRobotServer, TestSmtpServer } from '../delivery/test-support/channel-servers';
import { SlaMonitorModule, timerOptionsFrom } from '../sla-monitor.module';
import { slaMonitorService } from '../sla-monitor.service-definition';
import { notificationSettingsFrom } from './notification.settings';

/**
 * sla-monitor as it runs, fed by intake's and routing's logs (embedded or over Kafka), delivering to a
 * real SMTP server and a real robot webhook server: who hears of a business-affecting complaint's
 * escalations, on which channel, and how many times.
 */

const HOUR = 3_600_000;
const LEADERS = ['sh01-director', 'sh01-gm', 'hq-ops-1', 'hq-ops-2'];
const RUNG_OF: Record<string, string> = { 'sh01-director': '总监', 'sh01-gm': '商场总经理', 'hq-ops-1': '集团总部', 'hq-ops-2': '集团总部' };

interface InboxPage {
  items: { id: string; complaintId: string; kind: string; rung: string; title: string; link: string; readAt: string | null }[];
  unread: number;
  total: number;
}

/** sla-monitor fed by intake's and routing's logs, delivering to a real SMTP server and a real robot webhook server. */
class NotificationsUnderTest extends ServiceUnderTest {
  readonly smtp = new TestSmtpServer({ tls: null, user: 'mallcare', password: 'pw' });
  readonly robot = new TestRobotServer();
  private env: NodeJS.ProcessEnv = {};

  constructor(brokers: string[]) {
    super({ definition: slaMonitorService, upstream: ['intake', 'routing', 'callback'], brokers, env: { DB_POOL_SIZE: '6' } });
  }

  override async start(): Promise<void> {
    await this.smtp.start();
    await this.robot.start();
    this.env = {
      CONSOLE_BASE_URL: 'https://console.mall.example.cn',
      NOTIFY_CONTACTS_MASTER_KEY: randomBytes(32).toString('base64'),
      NOTIFY_SMTP_HOST: '127.0.0.1',
      NOTIFY_SMTP_PORT: String(this.smtp.port),
      NOTIFY_SMTP_REQUIRE_TLS: 'false',
      NOTIFY_SMTP_USER: 'mallcare',
      NOTIFY_SMTP_PASSWORD: 'pw',
      NOTIFY_ROBOTS: JSON.stringify({
        'sh01-duty-wecom': { url: `${this.robot.url}/wecom?key=k` },
        'sh01-duty-dingtalk': { url: `${this.robot.url}/dingtalk?access_token=t`, secret: 'SECsecret' },
      }),
      NOTIFY_DELIVERY_POLL_MS: '50',
    };
    await super.start();
  }

  /** With the notification settings of this test's servers. */
  override async startApp(): Promise<void> {
    const settings = notificationSettingsFrom(this.env);
    await super.startApp({ ...slaMonitorService, module: (config) => SlaMonitorModule.register(config, timerOptionsFrom({}), settings) });
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.smtp.stop();
    await this.robot.stop();
  }

  async inbox(staffId: string): Promise<InboxPage> {
    return (await (await this.request(staffId, 'GET', '/notifications/inbox')).json()) as InboxPage;
  }

  async registerBusinessAffecting(receivedAt: Date): Promise<{ complaintId: string; caseNumber: string }> {
    const complaintId = randomUUID();
    const caseNumber = `SH01-20261202-${String(parseInt(complaintId.slice(0, 4), 16)).padStart(5, '0')}`;
    const context = { complaintId, mallId: 'SH01', expectedVersion: 0 };
    const registered = walkInRegistration('SH01', {
      caseNumber,
      ...WATER_AT_SHOP,
      description: '店铺门前积水，影响营业',
      complainantType: 'street-shop-tenant',
      tenantUnit: 'L1-012',
      businessAffected: true,
      receivedAt: receivedAt.toISOString(),
    });
    await this.append(
      'routing',
      `case-${complaintId}`,
      [
        {
          type: 'CaseOpened',
          data: { caseNumber, kind: 'complaint', category: 'property-management', complainantType: 'street-shop-tenant', written: false, receivedAt: receivedAt.toISOString(), collectiveMemberIds: [] },
        },
      ],
      context,
    );
    await logRegistration(this, 'SH01', registered, complaintId);
    return { complaintId, caseNumber };
  }

  async settled(complaintId: string): Promise<{ channel: string; status: string }[]> {
    return this.log('intake').dataSource.query(`SELECT channel, status FROM sla_monitor.notification_deliveries WHERE complaint_id = $1`, [complaintId]);
  }
}

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

const everyLeaderToldOnEveryChannelOnce = async (it: NotificationsUnderTest): Promise<void> => {
  for (const staffId of LEADERS) {
    const saved = await it.request('hq-admin', 'PUT', `/notifications/contacts/${staffId}`, { email: `${staffId}@mall.example.cn`, mobile: '13800138000' });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ staffId, email: `${staffId.slice(0, 1)}***@mall.example.cn`, mobile: '138****8000' });
  }
  const { complaintId, caseNumber } = await it.registerBusinessAffecting(new Date(Date.now() - 2 * HOUR));

  await waitFor('the three rungs delivered on every channel', async () => {
    const rows = await it.settled(complaintId);
    return rows.filter((row) => row.channel !== 'sms').length >= 12 && rows.every((row) => row.status !== 'pending');
  });

  for (const staffId of LEADERS) {
    const page = await it.inbox(staffId);
    const escalations = page.items.filter((item) => item.complaintId === complaintId && item.kind === 'escalation');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ title: `【上海虹桥广场】超时升级：案件 ${caseNumber}`, link: `https://console.mall.example.cn/case/${complaintId}`, readAt: null });
    const mails = it.smtp.received.filter((mail) => mail.to.includes(`${staffId}@mall.example.cn`) && mail.subject.includes(caseNumber));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`通知对象：${RUNG_OF[staffId]}`);
  }
  for (const path of ['/wecom', '/dingtalk']) {
    const told = it.robot.requests.filter((request) => request.path === path && JSON.stringify(request.body).includes(caseNumber));
    const rungs = told.map((request) => /\*\*通知对象\*\*：(\S+)/.exec(JSON.stringify(request.body).replace(/\\n/g, '\n'))?.[1]);
    expect(rungs.sort()).toEqual(['商场总经理', '总监', '集团总部'].sort());
  }
  // SMS is not configured: its messages are failed, visibly, not dropped.
  const failed = await it.request('hq-admin', 'GET', '/notifications/deliveries?status=failed&channel=sms');
  const failedBody = (await failed.json()) as { items: { complaintId: string; lastError: string }[] };
  expect(failedBody.items.filter((item) => item.complaintId === complaintId).map((item) => item.lastError)).toEqual(
    Array.from({ length: 4 }, () => 'SMS is not configured (NOTIFY_SMS_ACCESS_KEY_ID)'),
  );

  // Each try of a failed delivery; a delivery that does not exist is a 404, not an empty list.
  const failedId = (failedBody.items as unknown as { id: string; complaintId: string }[]).find((item) => item.complaintId === complaintId)?.id;
  expect(await (await it.request('hq-admin', 'GET', `/notifications/deliveries/${failedId}/attempts`)).json()).toEqual([
    expect.objectContaining({ attempt: 1, outcome: 'failed', error: 'SMS is not configured (NOTIFY_SMS_ACCESS_KEY_ID)' }),
  ]);
  for (const unknown of ['999999999', 'abc']) {
    const answer = await it.request('hq-admin', 'GET', `/notifications/deliveries/${unknown}/attempts`);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ code: 'NOTIFICATION_DELIVERY_NOT_FOUND' });
  }

  // The inbox: mine only, unread count, mark read.
  const before = await it.inbox('sh01-director');
  const item = before.items.find((candidate) => candidate.complaintId === complaintId);
  expect(await (await it.request('sh01-gm', 'POST', `/notifications/${item?.id}/read`)).json()).toMatchObject({ status: 404, code: 'NOTIFICATION_NOT_FOUND' });
  expect((await it.request('sh01-director', 'POST', `/notifications/${item?.id}/read`)).status).toBe(200);
  expect((await it.inbox('sh01-director')).unread).toBe(before.unread - 1);
};

describe('notifications delivered by sla-monitor (embedded transport)', () => {
  const it_ = new NotificationsUnderTest([]);
  beforeAll(() => it_.start(), 60_000);
  afterAll(() => it_.stop(), 60_000);

  it('tells the director, the GM and HQ of a business-affecting complaint registered 2 h ago once per rung on each channel', () => everyLeaderToldOnEveryChannelOnce(it_), 60_000);

  it('refuses an opt-out of major/critical notices, field by field, and keeps an allowed one', async () => {
    const refused = await it_.request('sh01-gm', 'PUT', '/notifications/preferences', { optOuts: [{ kind: 'major-notice', channel: 'email' }, { kind: 'warning', channel: 'email' }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'NOTIFICATION_OPT_OUT_NOT_ALLOWED', errors: [{ field: 'optOuts.0', messages: [expect.stringContaining('major-notice cannot be switched off')] }] });
    const kept = await it_.request('sh01-gm', 'PUT', '/notifications/preferences', { optOuts: [{ kind: 'warning', channel: 'email' }] });
    expect(await kept.json()).toMatchObject({ optOuts: [{ kind: 'warning', channel: 'email' }] });
    const badEmail = await it_.request('sh01-gm', 'PUT', '/notifications/contacts/sh01-gm', { email: 'not-an-address', mobile: null });
    expect(badEmail.status).toBe(400);
    expect((await it_.request('sh01-director', 'PUT', '/notifications/contacts/sh01-gm', { email: 'x@y.cn', mobile: null })).status).toBe(403);
  });
});

describeWithKafka('notifications delivered by sla-monitor (Kafka)', (brokers) => {
  const it_ = new NotificationsUnderTest(brokers);
  beforeAll(() => it_.start(), 90_000);
  afterAll(() => it_.stop(), 60_000);

  it('tells the director, the GM and HQ of a business-affecting complaint registered 2 h ago once per rung on each channel', () => everyLeaderToldOnEveryChannelOnce(it_), 90_000);
});
