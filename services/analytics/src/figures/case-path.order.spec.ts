import { EVENT_TYPES, type ComplaintEvent } from '@mallcare/contracts';
import { storedEvent } from '@mallcare/testing';
import { evolveCasePath, FOLDED_EVENT_TYPES, foldCasePath, initialCasePath, toCaseRecord } from './case-path.fold';
import { after, CaseLog, TEST_POLICY } from './test-support/case-events.fixture';

const received = '2026-11-23T02:00:00.000Z';

/** A reopened case whose second callback closes it: routing's and callback's events interleave. */
const reopenedAndClosed = (): CaseLog =>
  new CaseLog()
    .registered(received)
    .clockStarted('forward-to-responsible', received, after(received, 10))
    .routed(after(received, 5))
    .clockMet('forward-to-responsible', after(received, 5), true)
    .assigned(after(received, 6))
    .verified(after(received, 30))
    .classifiedGeneral(after(received, 31))
    .resolved(after(received, 60))
    .attempt(after(received, 100), 1, false)
    .attempt(after(received, 120), 2, true)
    .outcome(after(received, 120), 'dissatisfied', '没解决')
    .reopened(after(received, 121))
    .resolved(after(received, 600))
    .attempt(after(received, 700), 1, true)
    .outcome(after(received, 700), 'very-satisfied', '满意')
    .closed(after(received, 700), 'satisfied', 'very-satisfied');

/** Deterministic pseudo-random numbers, so a failing interleaving can be replayed. */
const random = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
};

/** Each producer's events keep their order (as a transport delivers them); the producers interleave at random. */
const interleave = (events: readonly ComplaintEvent[], next: () => number): ComplaintEvent[] => {
  const queues = new Map<string, ComplaintEvent[]>();
  for (const event of events) queues.set(event.metadata.streamId, [...(queues.get(event.metadata.streamId) ?? []), event]);
  const result: ComplaintEvent[] = [];
  while (result.length < events.length) {
    const open = [...queues.values()].filter((queue) => queue.length > 0);
    const queue = open[Math.floor(next() * open.length)];
    result.push(queue.shift() as ComplaintEvent);
  }
  return result;
};

describe('case path fold across sources', () => {
  it('folds the same record whatever order the four producers’ events arrive in', () => {
    const log = reopenedAndClosed();
    const expected = foldCasePath(log.events, TEST_POLICY);
    expect(expected).toMatchObject({ resolutionCount: 2, reopenCount: 1, closedBecause: 'satisfied', callbackEnd: 'reached', satisfaction: 'very-satisfied', ratings: ['dissatisfied', 'very-satisfied'] });
    const next = random(42);
    for (let round = 0; round < 200; round++) {
      const arrival = interleave(log.events, next);
      expect(foldCasePath(arrival, TEST_POLICY)).toEqual(expected);
    }
  });

  it('keeps a callback that arrived before its resolution, and undoes it on a reopen that arrives last', () => {
    const log = new CaseLog().registered(received).resolved(after(received, 60)).outcome(after(received, 100), 'dissatisfied').reopened(after(received, 101));
    const [registered, resolved, outcome, reopened] = log.events;
    const callbackFirst = foldCasePath([outcome, registered, resolved, reopened], TEST_POLICY);
    expect(callbackFirst).toEqual(foldCasePath(log.events, TEST_POLICY));
    expect(callbackFirst).toMatchObject({ resolvedAt: null, calledBackAt: null, satisfaction: 'dissatisfied', reopenCount: 1 });
  });

  it('changes nothing when an event is delivered again, even after later ones of its stream', () => {
    const log = reopenedAndClosed();
    const once = log.events.reduce(evolveCasePath, initialCasePath());
    const twice = [...log.events, ...log.events.slice(3, 9), log.events[0]].reduce(evolveCasePath, once);
    expect(twice).toEqual(once);
    expect(toCaseRecord(twice, TEST_POLICY)).toEqual(toCaseRecord(once, TEST_POLICY));
  });

  it('survives a JSON round trip (the projection stores the state as jsonb)', () => {
    const log = reopenedAndClosed();
    const half = log.events.slice(0, 9).reduce(evolveCasePath, initialCasePath());
    const restored = JSON.parse(JSON.stringify(half)) as typeof half;
    expect(toCaseRecord(log.events.slice(9).reduce(evolveCasePath, restored), TEST_POLICY)).toEqual(foldCasePath(log.events, TEST_POLICY));
  });

  it('follows every event type that changes a case path (the others fold to the same state)', () => {
    const log = reopenedAndClosed();
    const state = log.events.reduce(evolveCasePath, initialCasePath());
    const ignored = EVENT_TYPES.filter((type) => !(FOLDED_EVENT_TYPES as readonly string[]).includes(type));
    expect(ignored).toContain('CallbackScheduled');
    for (const type of ignored) {
      const event = storedEvent(type, {} as never, { complaintId: log.complaintId, streamId: `other-${log.complaintId}`, streamPosition: 1 }) as ComplaintEvent;
      const next = evolveCasePath(state, event);
      expect({ type, state: { ...next, streams: state.streams } }).toEqual({ type, state });
    }
  });
});
