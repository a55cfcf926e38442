import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES } from '@mallcare/contracts';
import { kafkaBrokersForTests } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { analyticsAgainstRebuild, deadLettersOfAll, effectsOf, startKafkaSystem, timelinesOutOfOrder, waitForConsumersCaughtUp, waitForDownstream } from './support/exactly-once';
import { startOwnKafka, type OwnKafka } from './support/own-kafka';
import { restartPostgresImmediately } from './support/postgres-crash';
import { everyThirdReceivedAnHourAgo, runRegistrationLoad } from './support/registration-load';
import { pidOf, progress, withSystemLog, type RunningSystem } from './support/running-system';
import { issueToken } from './support/thin-flow';

/**
 * Chaos, after Kafka's transactions_test: a bounded load of registrations with idempotency keys
 * through the gateway of `npm start` (the launcher supervises and restarts what dies), hard faults at
 * ~20 %, ~50 % and ~80 % of it: SIGKILL of every service and the gateway in turn, SIGKILL of the Kafka
 * broker (the full run: a broker of the test's own, started again at once), and an immediate restart
 * of PostgreSQL (a backend killed: the server ends every session, recovers and comes back). Then every
 * accepted registration has exactly one of each downstream effect, no event caused an effect twice,
 * the timelines follow each stream's order, no consumer dead-lettered anything, and analytics equals a
 * rebuild from position zero. Every third registration was received an hour ago, so its clocks are due
 * at once and the SLA timers fire through the faults.
 * `npm run chaos` is the full run (CHAOS_FULL=1: 600 registrations, the broker killed too); `npm test`
 * runs the short one (90 registrations, on the shared broker, which is never killed).
 */
const FULL = process.env.CHAOS_FULL === '1';
const REGISTRATIONS = Number(process.env.CHAOS_REGISTRATIONS ?? (FULL ? 600 : 90));
type Fault = 'broker' | 'postgres' | 'intake' | 'routing' | 'sla-monitor' | 'callback' | 'analytics' | 'gateway';
const FAULT_PLAN: [number, Fault[]][] = [
  [0.2, ['intake', 'routing', 'sla-monitor']],
  [0.5, ['callback', 'analytics', 'gateway', ...(FULL ? (['broker'] as const) : [])]],
  [0.8, ['postgres']],
];

const step = progress('chaos');

const sharedBrokers = kafkaBrokersForTests();
(sharedBrokers ? describe : describe.skip)(`chaos: SIGKILL of every process in turn${FULL ? ', of the broker' : ''} and a PostgreSQL restart under load (Kafka)`, () => {
  let dataDir: string;
  let system: RunningSystem | null = null;
  let db: DataSource | null = null;
  let ownKafka: OwnKafka | null = null;
  const namespace = `chaos-${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mallcare-chaos-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await system?.stop();
    await ownKafka?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every accepted registration exactly once downstream, in order, with nothing dead-lettered and analytics equal to a rebuild', async () => {
    if (FULL) {
      step('starting a Kafka broker of the test\'s own');
      ownKafka = await startOwnKafka();
    }
    const brokers = ownKafka?.brokers ?? sharedBrokers ?? [];
    step('starting the system');
    // Ports below the ephemeral ones.
    const started = await startKafkaSystem({ dataDir, portBase: 21000 + Math.floor(Math.random() * 1300) * 6, brokers, namespace, partitions: 3 });
    system = started.running;
    db = started.db;
    const { running, url, query } = started;
    const bearer = `Bearer ${await issueToken(running.baseUrl, 'sh01-desk-1')}`;
    const faults: string[] = [];
    let brokerBack: Promise<void> = Promise.resolve();
    const inject = async (fault: Fault, accepted: number) => {
      if (fault === 'broker') {
        ownKafka?.kill();
        // Started again at once; the load goes on meanwhile (intake takes registrations without Kafka).
        brokerBack = (ownKafka as OwnKafka).start();
      } else if (fault === 'postgres') await restartPostgresImmediately(query);
      else process.kill(pidOf(running.output(), fault), 'SIGKILL');
      faults.push(`${fault}@${accepted}`);
      step(`fault: ${fault} at ${accepted} accepted`);
    };
    const load = await withSystemLog(running, () =>
      runRegistrationLoad({
        total: REGISTRATIONS,
        concurrency: 4,
        baseUrl: running.baseUrl,
        bearer,
        keyPrefix: namespace,
        deadlineMs: FULL ? 900_000 : 200_000,
        extra: everyThirdReceivedAnHourAgo(),
        onAccepted: async (accepted) => {
          for (const [share, plan] of FAULT_PLAN) {
            if (accepted === Math.round(REGISTRATIONS * share)) for (const fault of plan) await inject(fault, accepted);
          }
        },
      }),
    );
    await brokerBack;
    expect({ refused: [...load.refused], unfinished: load.unfinished }).toEqual({ refused: [], unfinished: [] });
    expect(faults).toHaveLength(FAULT_PLAN.reduce((sum, [, plan]) => sum + plan.length, 0));
    const ids = new Set(load.accepted.values());
    step(`load done: ${ids.size} accepted, ${load.retries} retries`);

    await withSystemLog(running, () => waitForDownstream(query, ids, FULL ? 600_000 : 150_000));
    await withSystemLog(running, () => waitForConsumersCaughtUp(query, { brokers, namespace }, 180_000));
    step('downstream complete; checking');
    const effects = await effectsOf(query, ids);
    const timelines = await timelinesOutOfOrder(query);
    const deadLetters = await deadLettersOfAll(url, { brokers, namespace });
    const rebuild = await analyticsAgainstRebuild(query, running.baseUrl, `Bearer ${await issueToken(running.baseUrl, 'hq-admin')}`);
    // eslint-disable-next-line no-console -- the figures the issue asks the chaos run to print
    console.log(JSON.stringify({ chaos: { full: FULL, registrations: ids.size, retries: load.retries, faults, ...effects, timelines: { streams: timelines.streams, outOfOrder: timelines.outOfOrder.length }, deadLetters, rebuild: { cases: rebuild.cases, differing: rebuild.differing.length } } }, null, 1));

    expect(effects.notOnce).toEqual({ ComplaintRegistered: 0, CaseOpened: 0, CaseRouted: 0, CaseAssigned: 0 });
    expect(effects.duplicates).toEqual({ intake: 0, routing: 0, sla_monitor: 0, callback: 0, analytics: 0 });
    expect(effects.clocksStartedTwice).toBe(0);
    expect(effects.casePathsNotOnce).toBe(0);
    expect(effects.eventsPerType.SlaClockBreached).toBeGreaterThan(0);
    expect(timelines.streams).toBeGreaterThanOrEqual(ids.size * 2);
    expect(timelines.outOfOrder).toEqual([]);
    expect(deadLetters).toEqual(Object.fromEntries(SERVICE_NAMES.map((service) => [service, 0])));
    expect({ differing: rebuild.differing, example: rebuild.example }).toEqual({ differing: [], example: '' });
    expect(rebuild.cases).toBe(ids.size);
  }, FULL ? 1_800_000 : 600_000);
});
