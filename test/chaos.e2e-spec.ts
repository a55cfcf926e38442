import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { kafkaBrokersForTests } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { exactlyOnceFigures, exactlyOnceSummary, expectExactlyOnce, startKafkaSystem, waitForConsumersCaughtUp, waitForDownstream } from './support/exactly-once';
import { loadUnderFaults } from './support/load-under-faults';
import { startOwnKafka, type OwnKafka } from './support/own-kafka';
import { restartPostgresImmediately } from './support/postgres-crash';
import { newDataDir, pidOf, progress, withSystemLog, type RunningSystem } from './support/running-system';
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
    dataDir = newDataDir('chaos');
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
    const { running, query } = started;
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
    const { ids, retries } = await loadUnderFaults(running, {
      total: REGISTRATIONS,
      keyPrefix: namespace,
      deadlineMs: FULL ? 900_000 : 200_000,
      onAccepted: async (accepted) => {
        for (const [share, plan] of FAULT_PLAN) {
          if (accepted === Math.round(REGISTRATIONS * share)) for (const fault of plan) await inject(fault, accepted);
        }
      },
    });
    await brokerBack;
    expect(faults).toHaveLength(FAULT_PLAN.reduce((sum, [, plan]) => sum + plan.length, 0));
    step(`load done: ${ids.size} accepted, ${retries} retries`);

    await withSystemLog(running, () => waitForDownstream(query, ids, FULL ? 600_000 : 150_000));
    await withSystemLog(running, () => waitForConsumersCaughtUp(query, { brokers, namespace }, 180_000));
    step('downstream complete; checking');
    const figures = await exactlyOnceFigures(started, { brokers, namespace }, ids, `Bearer ${await issueToken(running.baseUrl, 'hq-admin')}`);
    // eslint-disable-next-line no-console -- the figures the issue asks the chaos run to print
    console.log(JSON.stringify({ chaos: { full: FULL, registrations: ids.size, retries, faults, ...exactlyOnceSummary(figures) } }, null, 1));

    expectExactlyOnce(figures, ids);
    expect(figures.effects.eventsPerType.SlaClockBreached).toBeGreaterThan(0);
  }, FULL ? 1_800_000 : 600_000);
});
