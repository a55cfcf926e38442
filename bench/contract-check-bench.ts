/**
 * The contract checks on the hot paths (issue 17): µs of CPU per event for parseEvent (every event a
 * consumer receives, given the envelope already parsed) and for the append check (assertValidEventData,
 * every event appended), with a raw JSON.parse of the same payloads in the same run as the yardstick.
 * The events are those of the SLA burst (SlaClockBreached, then SlaEscalated version 2 to the first rung)
 * and intake's ComplaintRegistered (version 3), in equal numbers, each one distinct. sla-monitor's
 * modules are loaded first, so class-validator holds a service's decorated classes, as it does in one.
 *   npm run build && node dist/bench/contract-check-bench.js
 * Settings: CONTRACT_BENCH_EVENTS (3000), CONTRACT_BENCH_ROUNDS (7), CONTRACT_BENCH_MAX_S (60).
 */
import { randomUUID } from 'node:crypto';
import { assertValidEventData, parseEvent, type ComplaintEventType } from '@mallcare/contracts';
import { slaMonitorService } from '../services/sla-monitor/src/sla-monitor.service-definition';
import { hostBusyShare, hostCpu } from './cpu';
import { registeredData } from './payload';
import { envInt, median, round, say } from './stats';

interface Sample {
  type: ComplaintEventType;
  payload: string;
}

const at = (i: number): string => new Date(Date.UTC(2026, 10, 23, 16) + i * 1000).toISOString();

const dataOf = (type: ComplaintEventType, i: number): object => {
  switch (type) {
    case 'SlaClockBreached':
      return { clockId: `clock-${i}`, clockKind: 'resolution', dueAt: at(i), breachedAt: at(i + 1), policyVersion: 'sample-group-r1' };
    case 'SlaEscalated':
      return {
        escalationKey: `clock-${i}:breached:1`,
        reason: 'breached',
        why: 'resolution target passed unmet',
        rung: 'department-manager',
        ladderRung: 'department-manager',
        step: 1,
        clockId: `clock-${i}`,
        clockKind: 'resolution',
        notified: [{ rung: 'department-manager', staffId: `staff-${i % 40}`, departmentId: 'customer-service' }],
        vacancies: [],
        scheduledAt: at(i),
        escalatedAt: at(i + 1),
        policyVersion: 'sample-group-r1',
      };
    default:
      return registeredData(i);
  }
};

const TYPES: { type: ComplaintEventType; schemaVersion: number }[] = [
  { type: 'SlaClockBreached', schemaVersion: 1 },
  { type: 'SlaEscalated', schemaVersion: 2 },
  { type: 'ComplaintRegistered', schemaVersion: 3 },
];

const samples = (count: number): Sample[] =>
  Array.from({ length: count }, (_, i) => {
    const { type, schemaVersion } = TYPES[i % TYPES.length];
    const complaintId = randomUUID();
    const event = {
      type,
      data: dataOf(type, i),
      metadata: {
        eventId: randomUUID(),
        complaintId,
        mallId: 'SH01',
        occurredAt: at(i),
        recordedAt: at(i),
        actor: { type: 'system', id: 'sla-monitor' },
        correlationId: complaintId,
        causationId: randomUUID(),
        schemaVersion,
        streamId: `clock-${i}`,
        streamPosition: 1 + (i % 7),
      },
    };
    return { type, payload: JSON.stringify(event) };
  });

/** CPU µs (user + system) of this process per call of `run` over `inputs`. */
const cpuPerEvent = <T>(inputs: readonly T[], run: (input: T) => unknown): number => {
  const before = process.cpuUsage();
  for (const input of inputs) run(input);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / inputs.length;
};

const main = (): void => {
  const count = envInt('CONTRACT_BENCH_EVENTS', 3000);
  const rounds = envInt('CONTRACT_BENCH_ROUNDS', 7);
  const maxMs = envInt('CONTRACT_BENCH_MAX_S', 60) * 1000;
  say(`contract checks: ${count} distinct events (${TYPES.map((t) => t.type).join(', ')}), ${rounds} rounds; ${slaMonitorService.name}'s modules loaded`);
  const events = samples(count);
  for (const { type, payload } of events) {
    const parsed = JSON.parse(payload) as { data: object };
    parseEvent(parsed);
    assertValidEventData(type, parsed.data);
  }
  const figures: { jsonParse: number; parseEvent: number; appendCheck: number }[] = [];
  const host = hostCpu();
  const started = Date.now();
  for (let round_ = 0; round_ < rounds; round_++) {
    if (Date.now() - started > maxMs) {
      say(`stopped after ${round_} rounds: CONTRACT_BENCH_MAX_S reached`);
      break;
    }
    const jsonParse = cpuPerEvent(events, ({ payload }) => JSON.parse(payload));
    // Parsed outside the timed loops: each check gets fresh objects, as a consumer or a decider would.
    const envelopes = events.map(({ payload }) => JSON.parse(payload) as { data: object });
    const parse = cpuPerEvent(envelopes, parseEvent);
    const appends = events.map(({ type, payload }) => ({ type, data: (JSON.parse(payload) as { data: object }).data }));
    const appendCheck = cpuPerEvent(appends, ({ type, data }) => assertValidEventData(type, data));
    figures.push({ jsonParse, parseEvent: parse, appendCheck });
  }
  const busy = hostBusyShare(host, hostCpu());
  const medianOf = (key: keyof (typeof figures)[number]): number => round(median(figures.map((figure) => figure[key])), 2);
  say(`host busy: ${busy === null ? 'unknown' : `${round(busy * 100, 0)} %`} over the rounds`);
  say(`µs CPU per event (median of ${figures.length} rounds):`);
  say(`  JSON.parse (yardstick)  ${medianOf('jsonParse')}`);
  say(`  parseEvent              ${medianOf('parseEvent')}  (${round(medianOf('parseEvent') / medianOf('jsonParse'), 1)} × JSON.parse)`);
  say(`  append check            ${medianOf('appendCheck')}  (${round(medianOf('appendCheck') / medianOf('jsonParse'), 1)} × JSON.parse)`);
  say(JSON.stringify({ bench: 'contract-check', events: count, rounds: figures.length, jsonParseUs: medianOf('jsonParse'), parseEventUs: medianOf('parseEvent'), appendCheckUs: medianOf('appendCheck') }));
};

main();
