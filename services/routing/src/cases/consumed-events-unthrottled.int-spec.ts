import { randomUUID } from 'node:crypto';
import { caseNumberOf, deskOf, logRegistration, ServiceUnderTest, walkInRegistration } from '@mallcare/service-testing';
import { describeWithKafka } from '@mallcare/testing';
import { DataSource } from 'typeorm';
import { routingService } from '../routing.service-definition';

jest.setTimeout(120_000);

const REGISTRATIONS = 12;

/**
 * The API's throttle (THROTTLE_LIMIT per client per window) guards HTTP routes. The global guard also sees
 * the events a service consumes; they must not count: a chaos run at the default limit dead-lettered events
 * with "too many requests" once a service had consumed 1,200 in a minute.
 */
const scenario = (brokers: string[]) => () => {
  const routing = new ServiceUnderTest({
    definition: routingService,
    upstream: ['intake', 'sla-monitor', 'callback'],
    brokers,
    env: { THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '60' },
  });

  beforeAll(() => routing.start());
  afterAll(() => routing.stop());

  it(`routes ${REGISTRATIONS} registrations with an API limit of 3 requests a minute`, async () => {
    const ids: string[] = [];
    for (let n = 1; n <= REGISTRATIONS; n++) {
      const registered = walkInRegistration('SH01', {
        caseNumber: caseNumberOf('SH01', '20261202', n),
        description: '3号扶梯突然停止',
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        complainantSubjectId: randomUUID(),
        matterKey: `escalator-${n}`,
        channelDetails: { recordedBy: deskOf('SH01'), place: '1F 总服务台' },
        businessAffected: false,
      });
      ids.push(await logRegistration(routing, 'SH01', registered));
    }
    const routingDb = routing.running.get(DataSource);
    const routed = async (): Promise<number> => {
      const [{ count }] = await routingDb.query(
        `SELECT count(DISTINCT complaint_id)::int AS count FROM routing.events WHERE event_type = 'CaseRouted' AND complaint_id = ANY($1::uuid[])`,
        [ids],
      );
      return count;
    };
    const deadline = Date.now() + 60_000;
    while ((await routed()) < REGISTRATIONS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await routed()).toBe(REGISTRATIONS);
    // The HTTP API is still throttled at its limit.
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push((await routing.request('hq-ops-1', 'GET', '/cases?limit=1')).status);
    expect(statuses).toContain(429);
  });
};

describe('routing consumes events whatever the API throttle (embedded transport)', scenario([]));
describeWithKafka('routing consumes events whatever the API throttle (Kafka)', (brokers) => scenario(brokers)());
