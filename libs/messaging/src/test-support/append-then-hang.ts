/**
 * A producer process that dies between store and publish. It appends events to its log with
 * PostgresEventStore, reports the committed events on stdout, and then hangs until its parent
 * SIGKILLs it. With RELAY_BROKERS set it first starts its outbox relay (KafkaEventBus.publishOwnLog)
 * the way a service does, so it dies holding the relay lock, with a relay that has not published yet;
 * without it, it dies before its relay ever started. It exits on its own if its parent goes away
 * (stdin closes), so it never outlives a crashed test run.
 *
 *   node -r ./register-ts.js append-then-hang.ts
 *   env: DATABASE_URL, SCHEMA, COMPLAINTS, EVENTS_PER_COMPLAINT, [RELAY_BROKERS, RELAY_NAMESPACE]
 *
 * stdout: one JSON object per line, { relayLog } for each relay log line and, once committed,
 * { committed: [{ eventId, complaintId, streamPosition }], pid }.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@mallcare/contracts';
import { createServiceDataSource, PostgresEventStore } from '@mallcare/event-store';
import { registeredV1 } from '@mallcare/testing';
import { Registry } from 'prom-client';
import { KafkaEventBus } from '../kafka/kafka-event-bus';
import { MessagingMetrics } from '../messaging.metrics';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const report = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const registered = (n: number): NewEvent => registeredV1(n, { description: `crash-test event ${n}` });

const main = async (): Promise<void> => {
  // Never outlive the test that started us.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(3));

  const schema = required('SCHEMA');
  const complaints = Number(required('COMPLAINTS'));
  const perComplaint = Number(required('EVENTS_PER_COMPLAINT'));
  const dataSource = createServiceDataSource({ url: required('DATABASE_URL'), schema, poolSize: 4, applicationName: 'crash-test-producer' });
  await dataSource.initialize();

  const relayBrokers = process.env.RELAY_BROKERS?.split(',').filter(Boolean) ?? [];
  if (relayBrokers.length > 0) {
    const bus = await KafkaEventBus.connect({
      brokers: relayBrokers,
      clientId: 'crash-test-producer',
      namespace: required('RELAY_NAMESPACE'),
      dataSource,
      metrics: new MessagingMetrics(new Registry()),
      pollIntervalMs: 100,
      partitions: 3,
      replicationFactor: 1,
      log: (message) => report({ relayLog: message }),
    });
    await bus.publishOwnLog('intake', schema);
  }

  const store = new PostgresEventStore(dataSource, 'intake', schema);
  const committed: { eventId: string; complaintId: string; streamPosition: number }[] = [];
  let n = 0;
  for (let i = 0; i < complaints; i++) {
    const complaintId = randomUUID();
    const events = Array.from({ length: perComplaint }, () => registered(++n));
    const context = { complaintId, mallId: 'mall-sha-01', actor: { type: 'staff' as const, id: 'desk-7' }, correlationId: randomUUID(), causationId: null };
    const { events: stored } = await store.append(`complaint-${complaintId}`, events, context, 0);
    for (const event of stored) {
      committed.push({ eventId: event.metadata.eventId, complaintId, streamPosition: event.metadata.streamPosition });
    }
  }
  // Committed, not published: this is where the process dies.
  report({ committed, pid: process.pid });
  setInterval(() => undefined, 60_000);
};

main().catch((error: unknown) => {
  process.stderr.write(`append-then-hang failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
