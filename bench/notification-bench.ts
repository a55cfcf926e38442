/**
 * Notification delivery latency (issue 15): from the decision (an SLA clock breached and escalated,
 * `escalatedAt`) to the channel accepting the message, per channel, through sla-monitor as it runs:
 * its timer decides, the outbox fans out, the delivery loop (production settings: woken by the
 * commit, 2 s poll otherwise, batches of 20) sends to real local servers on 127.0.0.1: an SMTP server
 * (smtp-server, the nodemailer project's), and one HTTP server standing in for the WeCom and DingTalk
 * robots and Aliyun's SMS API. The inbox's acceptance is its row's insert.
 *   npm run build && node dist/bench/notification-bench.js
 * Settings: NOTIFY_BENCH_BREACHES (100), NOTIFY_BENCH_RATE (5 per second), NOTIFY_BENCH_DRAIN_S (60).
 * Raw baseline, same run, same servers, same rate and count, before the load (system up and idle): a
 * bare nodemailer sendMail with the channel's transport options, and a bare fetch POST of a robot's JSON.
 * Accepted = when the server answers (250 after DATA; the HTTP response), on the same clock as the decision.
 * PostgreSQL: DATABASE_URL, else an embedded server (fsync on). No Kafka: the embedded transport.
 * Everything runs in this one process (service, servers, bench), so they share one event loop.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadServiceConfig, startService, type ServiceConfig } from '@mallcare/platform';
import { generateSigningJwk, publicKeySetOf } from '@mallcare/policy';
import { notificationSettingsFrom } from '../services/sla-monitor/src/notifications/notification.settings';
import { StaffContactsRepository } from '../services/sla-monitor/src/notifications/staff-contacts.repository';
import { SlaMonitorModule, timerOptionsFrom } from '../services/sla-monitor/src/sla-monitor.module';
import { slaMonitorService } from '../services/sla-monitor/src/sla-monitor.service-definition';
import { createDatabase, dropDatabase, startBenchPostgres } from './postgres';
import { insertClocks } from './sla-clocks';
import { envInt, percentile, round, say, sleep } from './stats';

const BREACHES = envInt('NOTIFY_BENCH_BREACHES', 100, 1, 2_000);
const RATE = envInt('NOTIFY_BENCH_RATE', 5, 1, 100);
const DRAIN_MS = envInt('NOTIFY_BENCH_DRAIN_S', 60, 5, 600) * 1000;
const CHANNELS = ['inbox', 'email', 'sms', 'wecom', 'dingtalk'] as const;
const DIRECTOR = 'sh01-director';

interface Figures {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const figuresOf = (values: number[]): Figures => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 50), 1), p95: round(percentile(sorted, 95), 1), p99: round(percentile(sorted, 99), 1), max: round(sorted[sorted.length - 1] ?? Number.NaN, 1) };
};

const line = (name: string, figures: Figures): string =>
  `${name.padEnd(34)} n=${String(figures.n).padStart(4)}  p50=${String(figures.p50).padStart(7)} ms  p95=${String(figures.p95).padStart(7)} ms  p99=${String(figures.p99).padStart(7)} ms  max=${String(figures.max).padStart(7)} ms`;

/** An SMTP server that accepts every message and notes when it said 250 to it, by Message-ID. */
const startSmtp = async (): Promise<{ port: number; acceptedAt: Map<string, number>; stop: () => Promise<void> }> => {
  const acceptedAt = new Map<string, number>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    // No reverse DNS of the client: it is 127.0.0.1, and a resolver that does not answer would add its timeout to every message.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8_192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1];
        if (id) acceptedAt.set(id, Date.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, acceptedAt, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

interface HttpAccepted {
  path: string;
  body: string;
  at: number;
}

/** WeCom / DingTalk robots (`{errcode: 0}`) and Aliyun SendSms (`{Code: "OK"}`, path /sms) on one HTTP server. */
const startHttp = async (): Promise<{ url: string; accepted: HttpAccepted[]; stop: () => Promise<void> }> => {
  const accepted: HttpAccepted[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const answer = path === '/sms' ? { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0`, RequestId: randomBytes(8).toString('hex') } : { errcode: 0, errmsg: 'ok' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      accepted.push({ path, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** `count` sends at `rate` per second, each leaving when due (open loop); returns send → accepted per send. */
const openLoop = async (count: number, rate: number, send: (i: number) => Promise<number>): Promise<number[]> => {
  const started = Date.now();
  const sends: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
    sends.push(send(i));
  }
  return Promise.all(sends);
};

const main = async (): Promise<void> => {
  say(`notification delivery bench: ${BREACHES} escalations (business-affected clocks breaching at ${RATE}/s), each to the director on ${CHANNELS.join(', ')}`);
  say(`host: ${cpus().length} cores, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} at the start`);
  const smtp = await startSmtp();
  const http = await startHttp();
  const postgres = await startBenchPostgres((text) => process.stderr.write(`${text}\n`));
  say(`PostgreSQL: ${postgres.description}`);
  const database = await createDatabase(postgres.serverUrl, 'mallcare_notify_bench');
  const config: ServiceConfig = {
    ...loadServiceConfig('sla-monitor', { DATABASE_URL: database.url, AUTH_JWKS: JSON.stringify(publicKeySetOf([generateSigningJwk()])), KAFKA_BROKERS: '', DB_POOL_SIZE: '16' }),
    port: 0,
  };
  const settings = notificationSettingsFrom({
    ...process.env,
    CONSOLE_BASE_URL: 'https://console.mall.example.cn',
    NOTIFY_CONTACTS_MASTER_KEY: randomBytes(32).toString('base64'),
    NOTIFY_SMTP_HOST: '127.0.0.1',
    NOTIFY_SMTP_PORT: String(smtp.port),
    NOTIFY_SMTP_REQUIRE_TLS: 'false',
    NOTIFY_SMTP_FROM: 'mallcare <noreply@mall.example.cn>',
    NOTIFY_ROBOTS: JSON.stringify({ 'sh01-duty-wecom': { url: `${http.url}/wecom?key=k` }, 'sh01-duty-dingtalk': { url: `${http.url}/dingtalk?access_token=t`, secret: 'SECbench' } }),
    NOTIFY_SMS_ACCESS_KEY_ID: 'LTAI5tBench',
    NOTIFY_SMS_ACCESS_KEY_SECRET: 'bench-secret',
    NOTIFY_SMS_SIGN_NAME: '上海虹桥广场',
    NOTIFY_SMS_TEMPLATE_CODE: 'SMS_480123456',
    NOTIFY_SMS_ENDPOINT: `${http.url}/sms`,
  });
  say(`delivery loop: poll ${settings.delivery.pollIntervalMs} ms (woken by each commit to sla-monitor's log), batches of ${settings.delivery.batchSize}`);
  const client = new Client({ connectionString: database.url });
  const app = await startService({ ...slaMonitorService, module: (c) => SlaMonitorModule.register(c, timerOptionsFrom(process.env), settings) }, config, { handleSignals: false });
  try {
    await client.connect();
    await app.get(StaffContactsRepository, { strict: false }).save(DIRECTOR, { email: 'director.sh01@mall.example.cn', mobile: '13800138000' });

    // Raw yardstick first, the service up and idle: the same servers, the same count and rate.
    const transport = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false });
    const rawMail = await openLoop(BREACHES, RATE, async (i) => {
      const messageId = `<raw-${i}-${randomBytes(4).toString('hex')}@bench>`;
      const sent = Date.now();
      await transport.sendMail({ from: 'mallcare <noreply@mall.example.cn>', to: 'director.sh01@mall.example.cn', subject: '【上海虹桥广场】超时升级：案件 SH01-BENCH', text: '案件编号：SH01-BENCH\n'.repeat(10), messageId });
      return (smtp.acceptedAt.get(messageId) ?? Number.NaN) - sent;
    });
    transport.close();
    const robotBody = JSON.stringify({ msgtype: 'markdown', markdown: { content: '### 【上海虹桥广场】超时升级：案件 SH01-BENCH\n'.repeat(8) } });
    const rawHttp = await openLoop(BREACHES, RATE, async (i) => {
      const sent = Date.now();
      const response = await fetch(`${http.url}/raw-${i}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: robotBody });
      await response.json();
      return (http.accepted.find((request) => request.path === `/raw-${i}`)?.at ?? Number.NaN) - sent;
    });

    const windowStart = new Date(Date.now() + 3_000);
    await insertClocks(client, BREACHES, windowStart, 1000 / RATE, { kind: 'business-affected', targetMinutes: 60, caseNumbers: true });
    say(`${BREACHES} business-affected clocks due from ${windowStart.toISOString()} at ${RATE}/s`);
    const expected = BREACHES * CHANNELS.length;
    const deadline = windowStart.getTime() + (BREACHES * 1000) / RATE + DRAIN_MS;
    let settled = 0;
    while (Date.now() < deadline) {
      await sleep(500);
      const [row]: { settled: string }[] = (await client.query(`SELECT count(*) AS settled FROM sla_monitor.notification_deliveries WHERE status <> 'pending'`)).rows;
      settled = Number(row.settled);
      if (settled >= expected) break;
    }
    if (settled < expected) say(`bound reached: ${settled} of ${expected} deliveries settled within the drain of ${DRAIN_MS / 1000} s`);

    // decided_at is the escalation's escalatedAt (the deadline the timer fired for); committed_ms when its event was stored; claimed_ms the first try's start.
    const rows: {
      id: string;
      delivery_key: string;
      channel: string;
      status: string;
      decided_ms: number;
      committed_ms: number;
      claimed_ms: number;
      case_number: string;
      inbox_ms: number | null;
    }[] = (
      await client.query(
        `SELECT d.id::text, d.delivery_key, d.channel, d.status, c.case_number,
                extract(epoch FROM d.decided_at) * 1000 AS decided_ms,
                (SELECT extract(epoch FROM e.recorded_at) * 1000 FROM sla_monitor.events e WHERE e.stream_id = 'sla-' || d.complaint_id AND e.event_type = 'SlaEscalated' LIMIT 1) AS committed_ms,
                (SELECT extract(epoch FROM a.started_at) * 1000 FROM sla_monitor.notification_attempts a WHERE a.delivery_id = d.id AND a.attempt = 1) AS claimed_ms,
                extract(epoch FROM i.created_at) * 1000 AS inbox_ms
         FROM sla_monitor.notification_deliveries d
         JOIN sla_monitor.notification_cases c ON c.complaint_id = d.complaint_id
         LEFT JOIN sla_monitor.notification_inbox i ON i.delivery_id = d.id`,
      )
    ).rows.map((row: Record<string, string | null>) => ({
      ...row,
      decided_ms: Number(row.decided_ms),
      committed_ms: Number(row.committed_ms),
      claimed_ms: Number(row.claimed_ms),
      inbox_ms: row.inbox_ms === null ? null : Number(row.inbox_ms),
    })) as never;
    const robotAt = (path: string, caseNumber: string): number | undefined => http.accepted.find((request) => request.path === path && request.body.includes(`案件 ${caseNumber}`))?.at;
    const smsAt = (deliveryId: string): number | undefined => http.accepted.find((request) => request.path === '/sms' && new URLSearchParams(request.body).get('OutId') === deliveryId)?.at;
    const acceptedAt = (row: (typeof rows)[number]): number | undefined => {
      switch (row.channel) {
        case 'inbox':
          return row.inbox_ms ?? undefined;
        case 'email':
          return smtp.acceptedAt.get(`<${createHash('sha256').update(row.delivery_key).digest('hex').slice(0, 32)}@mallcare>`);
        case 'sms':
          return smsAt(row.id);
        default:
          return robotAt(`/${row.channel}`, row.case_number);
      }
    };
    const latency: Record<string, number[]> = {};
    const steps = { stored: [] as number[], claimed: [] as number[], sent: [] as number[] };
    const unmatched: string[] = [];
    for (const row of rows) {
      const at = row.status === 'sent' ? acceptedAt(row) : undefined;
      if (at === undefined) {
        unmatched.push(`${row.channel} ${row.status}`);
        continue;
      }
      (latency[row.channel] ??= []).push(at - row.decided_ms);
      steps.stored.push(row.committed_ms - row.decided_ms);
      steps.claimed.push(row.claimed_ms - row.committed_ms);
      steps.sent.push(at - row.claimed_ms);
    }
    const breachLag: number[] = (
      await client.query(`SELECT extract(epoch FROM ((data->>'escalatedAt')::timestamptz - (data->>'scheduledAt')::timestamptz)) * 1000 AS lag FROM sla_monitor.events WHERE event_type = 'SlaEscalated'`)
    ).rows.map((row: { lag: string }) => Number(row.lag));
    const metrics = await (await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`)).text();
    const histogramCount = (channel: string): number => Number(new RegExp(`^mallcare_notification_delivery_latency_seconds_count\\{[^}]*channel="${channel}"[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);

    say();
    say(`host load average at the end: ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
    say(`decisions: ${breachLag.length} escalations; deliveries: ${rows.length} (expected ${expected}), not sent or not seen by the servers: ${unmatched.length}${unmatched.length ? ` (${[...new Set(unmatched)].join(', ')})` : ''}`);
    say(line('deadline → decision (timer lag)', figuresOf(breachLag)));
    say(line('decision → event stored', figuresOf(steps.stored)));
    say(line('stored → first try claimed', figuresOf(steps.claimed)));
    say(line('claimed → accepted', figuresOf(steps.sent)));
    const summary: Record<string, Figures & { histogramCount?: number }> = {};
    for (const channel of CHANNELS) {
      summary[channel] = { ...figuresOf(latency[channel] ?? []), histogramCount: histogramCount(channel) };
      say(`${line(`decision → accepted, ${channel}`, summary[channel])}  (histogram count ${summary[channel].histogramCount})`);
    }
    const all = figuresOf(Object.values(latency).flat());
    say(line('decision → accepted, every channel', all));
    const raw = { smtp: figuresOf(rawMail), http: figuresOf(rawHttp) };
    say(line('raw: bare nodemailer send → 250', raw.smtp));
    say(line('raw: bare HTTP POST → answered', raw.http));
    say(JSON.stringify({ bench: 'notifications', breaches: BREACHES, rate: RATE, deliveries: rows.length, expected, unmatched: unmatched.length, timerLagMs: figuresOf(breachLag), decisionToStoredMs: figuresOf(steps.stored), storedToClaimedMs: figuresOf(steps.claimed), claimedToAcceptedMs: figuresOf(steps.sent), decisionToAcceptedMs: summary, all, raw }));
  } finally {
    await app.close();
    await client.end().catch(() => undefined);
    await dropDatabase(postgres.serverUrl, database.name).catch(() => undefined);
    await postgres.stop();
    await smtp.stop();
    await http.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
