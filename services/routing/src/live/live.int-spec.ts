import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { caseNumberOf, deskOf, logRegistration, ServiceUnderTest, walkInRegistration } from '@mallcare/service-testing';
import { Client } from 'pg';
import { bearerFor, describeWithKafka } from '@mallcare/testing';
import { routingService } from '../routing.service-definition';

jest.setTimeout(120_000);

interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** A console's side of GET /live: fetch streaming, as the browser does, parsed into messages and comments. */
class LiveClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  private waiters: (() => void)[] = [];
  private ended = false;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  static async open(baseUrl: string, staffId: string, query = '', lastEventId?: string): Promise<LiveClient> {
    const headers: Record<string, string> = { authorization: bearerFor(staffId) };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/live${query}`, { headers, signal: controller.signal });
    const client = new LiveClient(response, controller);
    if (response.ok) void client.read();
    return client;
  }

  changes(): { id: string; data: Record<string, unknown> }[] {
    return this.messages.filter((m) => m.event === 'change').map((m) => ({ id: m.id ?? '', data: JSON.parse(m.data) as Record<string, unknown> }));
  }

  /** Waits until `check` holds on what arrived (the test's own timeout bounds it). */
  async until<T>(check: () => T | undefined | false): Promise<T> {
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (this.ended) throw new Error(`stream ended; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        this.notify();
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
    this.notify();
  }

  private parse(block: string): void {
    const message: SseMessage = { event: 'message', data: '' };
    let isComment = true;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      isComment = false;
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data') message.data += value;
    }
    if (!isComment) this.messages.push(message);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** How long the feed goes on numbering changes after its last stream closed, here. */
const LINGER_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CHANGE_KEYS = ['complaintId', 'departmentId', 'kind', 'mallId', 'occurredAt', 'type'];

/** Routing as it runs, fed by intake's log (the test appends registrations as intake does), read as consoles read it. */
const liveScenario = (brokers: string[]) => () => {
  // Routing fed by intake's log (sla-monitor's and callback's exist, empty); one partition: one order
  // across complaints, so "not delivered before a later one" means "not delivered".
  const routing = new ServiceUnderTest({ definition: routingService, upstream: ['intake', 'sla-monitor', 'callback'], brokers });
  const clients: LiveClient[] = [];
  const open = async (staffId: string, query = '', lastEventId?: string) => {
    const client = await LiveClient.open(routing.baseUrl, staffId, query, lastEventId);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    process.env.ROUTING_LIVE_HEARTBEAT_MS = '300';
    process.env.ROUTING_LIVE_LINGER_MS = String(LINGER_MS);
    await routing.start();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await routing.stop();
    delete process.env.ROUTING_LIVE_HEARTBEAT_MS;
    delete process.env.ROUTING_LIVE_LINGER_MS;
  });

  const metric = async (name: string): Promise<number> => {
    const metrics = await (await fetch(`${routing.baseUrl}/metrics`)).text();
    return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'm').exec(metrics)?.[1]);
  };

  let seq = 0;
  const register = async (mallId: string): Promise<string> => {
    seq += 1;
    const registered = walkInRegistration(mallId, {
      caseNumber: caseNumberOf(mallId, '20261202', seq),
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      complainantSubjectId: randomUUID(),
      matterKey: `escalator-${seq}`,
      channelDetails: { recordedBy: deskOf(mallId), place: '1F 总服务台' },
      businessAffected: false,
    });
    return logRegistration(routing, mallId, registered);
  };

  it("a registration's complaint and case changes reach the mall's staff and HQ, never another mall's, and carry nothing personal", async () => {
    const shanghai = await open('sh01-engineering-mgr');
    const beijing = await open('bj01-engineering-mgr');
    const hq = await open('hq-ops-1');
    expect(shanghai.response.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const sh = await register('SH01');
    const routed = await shanghai.until(() => shanghai.changes().find((c) => c.data.complaintId === sh && c.data.type === 'CaseRouted'));
    expect(routed.data).toMatchObject({ kind: 'case', mallId: 'SH01', departmentId: 'engineering' });
    // Routing's own CaseRouted goes out at once; intake's ComplaintRegistered once routing's inbox has it (a poll later at most).
    const registered = await shanghai.until(() => shanghai.changes().find((c) => c.data.complaintId === sh && c.data.type === 'ComplaintRegistered'));
    expect(registered.data).toMatchObject({ kind: 'complaint', mallId: 'SH01', complaintId: sh, occurredAt: expect.any(String) });
    for (const change of shanghai.changes()) expect(Object.keys(change.data).sort()).toEqual(CHANGE_KEYS);
    expect(JSON.stringify(shanghai.messages)).not.toContain('扶梯');
    await hq.until(() => hq.changes().some((c) => c.data.complaintId === sh && c.data.type === 'CaseRouted'));

    // Beijing's staff hear of Beijing's registration, appended after Shanghai's, and of nothing of Shanghai's.
    const bj = await register('BJ01');
    await beijing.until(() => beijing.changes().some((c) => c.data.complaintId === bj && c.data.type === 'CaseRouted'));
    expect(beijing.changes().map((c) => c.data.mallId)).not.toContain('SH01');
    expect(beijing.changes().map((c) => c.data.complaintId)).not.toContain(sh);
    await hq.until(() => hq.changes().some((c) => c.data.complaintId === bj && c.data.type === 'CaseRouted'));
    expect(shanghai.changes().map((c) => c.data.complaintId)).not.toContain(bj);
  });

  it("refuses another mall's stream (403) and no token (401); HQ may narrow to one mall", async () => {
    expect((await open('sh01-engineering-mgr', '?mallId=BJ01')).response.status).toBe(403);
    expect((await open('sh01-engineering-mgr', '?mallId=no%20such')).response.status).toBe(400);
    expect((await fetch(`${routing.baseUrl}/live`)).status).toBe(401);
    expect((await open('hq-sre')).response.status).toBe(403);

    const hqBeijing = await open('hq-ops-1', '?mallId=BJ01');
    const sh = await register('SH01');
    const bj = await register('BJ01');
    await hqBeijing.until(() => hqBeijing.changes().some((c) => c.data.complaintId === bj));
    expect(hqBeijing.changes().map((c) => c.data.complaintId)).not.toContain(sh);
  });

  it('resumes after Last-Event-ID with what was missed; an id it does not know gets event: resync', async () => {
    const first = await open('sh01-engineering-mgr');
    const id = await register('SH01');
    // intake's log and routing's own reach the feed side by side: CaseAssigned may come before ComplaintRegistered.
    const types = ['ComplaintRegistered', 'CaseOpened', 'CaseRouted', 'CaseAssigned'];
    await first.until(() => types.every((type) => first.changes().some((c) => c.data.complaintId === id && c.data.type === type)));
    first.close();
    // What the first stream got after this complaint's first change (other complaints' late changes may be among them).
    const all = first.changes();
    const firstOfCase = all.find((c) => c.data.complaintId === id);
    expect(firstOfCase).toBeDefined();
    const missed = all.slice(all.findIndex((c) => c.id === firstOfCase?.id) + 1);
    expect(missed.filter((c) => c.data.complaintId === id).map((c) => c.data.type)).toEqual(
      expect.arrayContaining(types.filter((type) => type !== firstOfCase?.data.type)),
    );

    const resumed = await open('sh01-engineering-mgr', '', firstOfCase?.id);
    const replayed = await resumed.until(() => resumed.changes().length >= missed.length && resumed.changes());
    expect(replayed.slice(0, missed.length)).toEqual(missed);

    const stale = await open('sh01-engineering-mgr', '', 'feedfacecafe.1');
    const resync = await stale.until(() => stale.messages.find((m) => m.event === 'resync'));
    expect(JSON.parse(resync.data)).toEqual({ reason: 'unknown-id' });
  });

  it("announces a clock change only once routing's work queue shows it", async () => {
    const stream = await open('sh01-engineering-mgr');
    const id = await register('SH01');
    await stream.until(() => stream.changes().some((c) => c.data.complaintId === id && c.data.type === 'CaseRouted'));

    // Routing's consumer cannot apply a clock while this transaction locks the clocks table (a table
    // lock, not a row lock: a transaction id would hold back every log follower, the feed's too).
    // Its own connection: the upstream logs' small pools are busy relaying over Kafka.
    const lock = new Client({ connectionString: routing.database.url });
    await lock.connect();
    await lock.query('BEGIN');
    let released = false;
    try {
      await lock.query(`LOCK TABLE routing.case_clocks IN SHARE ROW EXCLUSIVE MODE`);
      const now = Date.now();
      const clock: NewEvent = {
        type: 'SlaClockStarted',
        data: {
          clockId: 'resolve-general#1',
          clockKind: 'resolve-general',
          startedAt: new Date(now).toISOString(),
          dueAt: new Date(now + 3 * 86_400_000).toISOString(),
          targetMinutes: 3 * 1440,
          policyVersion: SAMPLE_GROUP_POLICY.version,
          calendarCoverage: { status: 'official' },
          warnAt: [],
          byCustomerDeadline: false,
        },
      };
      await routing.append('sla-monitor', `sla-${id}`, [clock], { complaintId: id, mallId: 'SH01' });
      // The feed has heard the clock event (it holds it) while routing's consumer waits for the lock.
      for (let waited = 0; !((await metric('mallcare_live_changes_held')) >= 1); waited += 50) {
        if (waited > 30_000) throw new Error('the feed never held the clock change');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(stream.changes().filter((c) => c.data.complaintId === id).map((c) => c.data.type)).not.toContain('SlaClockStarted');

      await lock.query('COMMIT');
      released = true;
    } finally {
      if (!released) await lock.query('ROLLBACK');
      await lock.end();
    }
    await stream.until(() => stream.changes().some((c) => c.data.complaintId === id && c.data.type === 'SlaClockStarted'));
    // The console's one re-read of the row, on hearing the change, finds the clock.
    const row = await routing.json<{ items: { complaintId: string; clocks: { kind: string }[] }[] }>('sh01-engineering-mgr', 'GET', `/cases/queues/department?complaintIds=${id}`);
    expect(row.items.map((item) => item.clocks.map((c) => c.kind))).toEqual([['resolve-general']]);
  });

  it('sends a heartbeat comment while nothing happens, and counts open streams', async () => {
    const quiet = await open('sh01-desk-1');
    await quiet.until(() => quiet.comments.includes('heartbeat'));
    const openStreams = () => metric('mallcare_live_streams_open');
    const before = await openStreams();
    expect(before).toBeGreaterThanOrEqual(1);
    quiet.close();
    for (let after = before; after >= before; after = await openStreams()) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('lets changes pass unread while no stream has been open for the linger; a resume from before them gets resync', async () => {
    const watcher = await open('sh01-engineering-mgr');
    const heard = await register('SH01');
    const last = await watcher.until(() => watcher.changes().some((c) => c.data.complaintId === heard && c.data.type === 'CaseAssigned') && watcher.changes().at(-1));
    for (const client of clients) client.close();
    while ((await metric('mallcare_live_streams_open')) > 0) await sleep(50);
    await sleep(LINGER_MS + 200);

    const unheardBefore = await metric('mallcare_live_changes_unheard_total');
    await register('SH01');
    while ((await metric('mallcare_live_changes_unheard_total')) === unheardBefore) await sleep(50);

    const resumed = await open('sh01-engineering-mgr', '', last.id);
    const resync = await resumed.until(() => resumed.messages.find((m) => m.event === 'resync'));
    expect(JSON.parse(resync.data)).toEqual({ reason: 'expired' });
  });
};

describe('GET /live over the embedded transport', liveScenario([]));
describeWithKafka('GET /live over Kafka', (brokers) => liveScenario(brokers)());
