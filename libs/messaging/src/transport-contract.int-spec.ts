import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ComplaintEvent } from '@mallcare/contracts';
import { describeWithKafka } from '@mallcare/testing';
import { backoffMs } from './retry-policy';
import { behaviourKey, CONSUMER, PRODUCER, registered, TEST_RETRY, TransportHarness, type DeadLetterRecord, type RawEnvelope } from './test-support/transport-harness';

jest.setTimeout(120_000);

/**
 * The EventBus contract, the same test bodies for every adapter: `intake` publishes its log,
 * `routing` consumes it through an InboxProcessor whose handler writes one effect row per event
 * in the inbox transaction. Real PostgreSQL and, for Kafka, the real broker; nothing is mocked.
 */
const transportContract = (brokers: string[] | null): void => {
  let current: TransportHarness | undefined;
  const harness = (): TransportHarness => {
    if (!current) throw new Error('no harness: its start failed');
    return current;
  };

  beforeEach(async () => {
    current = await TransportHarness.start(brokers);
  });

  afterEach(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });

  /** A setTimeout may fire a millisecond early; a skipped backoff would be ~0 ms. */
  const expectBackoff = (calls: { at: number }[]): void => {
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(backoffMs(TEST_RETRY, i) - 5);
    }
  };

  const deadLettersOf = async (eventId: string): Promise<DeadLetterRecord[]> =>
    (await harness().deadLetters()).filter((letter) => letter.eventId === eventId);

  it('delivers a published event to the subscriber handler, as it was stored, once', async () => {
    const h = harness();
    const complaintId = randomUUID();
    const [stored] = await h.append(complaintId, [registered(1)]);
    const eventId = stored.metadata.eventId;

    await h.waitFor('the handler effect', async () => (await h.effectsOf(complaintId)).length === 1);
    expect(h.callsFor(eventId)).toEqual([{ event: stored, attempt: 1, at: expect.any(Number), threw: false }]);
    expect(await h.effectsOf(complaintId)).toEqual([{ seq: expect.any(Number), eventId, complaintId, streamPosition: 1 }]);
    expect(await h.inbox()).toEqual([{ eventId, eventType: 'ComplaintRegistered' }]);

    const deliveries = h.deliveriesOf(eventId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].source).toBe(PRODUCER);
    expect(JSON.parse(deliveries[0].payload)).toEqual(stored);
    // The embedded transport hands on the event it read, parsed, so the consumer does not parse it again: exactly the payload's JSON.
    if (h.kind === 'embedded') expect(deliveries[0].envelope).toStrictEqual(JSON.parse(deliveries[0].payload));
    else expect(deliveries[0].envelope).toBeUndefined();
    expect(deliveries[0].origin).toMatch(/intake/);
    if (h.kind === 'kafka') expect(deliveries[0].key).toBe(complaintId);

    expect(await h.counter('mallcare_events_consumed_total', { outcome: 'handled', event_type: 'ComplaintRegistered' })).toBe(1);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('changes nothing when the same events are delivered again: the inbox, committed with the effects, turns redelivery into no-ops', async () => {
    const h = harness();
    const first = randomUUID();
    const second = randomUUID();
    const events = [
      ...(await h.append(first, [registered(1), registered(2), registered(3)])),
      ...(await h.append(second, [registered(4), registered(5)])),
    ];
    const ids = events.map((event) => event.metadata.eventId);
    await h.waitFor('the 5 effects', async () => (await h.effects()).length === 5);
    expect(ids.map((id) => h.deliveriesOf(id).length)).toEqual([1, 1, 1, 1, 1]);

    // The consumer loses its position (restart after a crash): the transport delivers all of it again.
    await h.redeliverFromStart();
    await h.waitFor('every event delivered a second time', () => ids.every((id) => h.deliveriesOf(id).length >= 2), 30_000);
    await h.waitFor('the redeliveries to be processed', async () => (await h.counter('mallcare_events_consumed_total', { outcome: 'duplicate' })) === 5);

    expect(ids.map((id) => h.deliveriesOf(id).length)).toEqual([2, 2, 2, 2, 2]);
    // The second delivery found the inbox row: the handler did not run again and no effect was added.
    expect(ids.map((id) => h.callsFor(id).length)).toEqual([1, 1, 1, 1, 1]);
    const effects = await h.effects();
    expect(effects.map((effect) => effect.eventId).sort()).toEqual([...ids].sort());
    expect((await h.inbox()).map((row) => row.eventId).sort()).toEqual([...ids].sort());
    expect(await h.counter('mallcare_events_consumed_total', { outcome: 'handled' })).toBe(0);

    // And the restarted consumer handles what comes next, once.
    const [later] = await h.append(second, [registered(6)]);
    await h.waitFor('the event appended after the redelivery', async () => (await h.effects()).length === 6);
    expect(h.callsFor(later.metadata.eventId)).toHaveLength(1);
    expect(await h.counter('mallcare_events_consumed_total', { outcome: 'handled' })).toBe(1);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('retries a handler that throws, with backoff, and commits its effect once when it succeeds', async () => {
    const h = harness();
    const complaintId = randomUUID();
    h.behaviours.set(behaviourKey(complaintId, 1), { fail: 2, message: 'deadlock detected' });
    const [stored] = await h.append(complaintId, [registered(1)]);
    const eventId = stored.metadata.eventId;

    await h.waitFor('the effect of the third attempt', async () => (await h.effectsOf(complaintId)).length === 1);
    const calls = h.callsFor(eventId);
    expect(calls.map((call) => [call.attempt, call.threw])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expectBackoff(calls);
    // Each failed attempt wrote its effect row before throwing; only the successful attempt's row is left.
    expect(await h.effectsOf(complaintId)).toHaveLength(1);
    expect(await h.inbox()).toEqual([{ eventId, eventType: 'ComplaintRegistered' }]);
    // Retried by the processor, not redelivered by the transport.
    expect(h.deliveriesOf(eventId)).toHaveLength(1);
    expect(await h.counter('mallcare_events_failed_total', { stage: 'handler' })).toBe(2);
    expect(await h.counter('mallcare_events_consumed_total', { outcome: 'handled' })).toBe(1);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('dead-letters an event whose handler keeps throwing, after the retries, with the event and the error, and goes on with the next events', async () => {
    const h = harness();
    const complaintId = randomUUID();
    const other = randomUUID();
    const message = `routing policy store unavailable ${randomUUID()}`;
    h.behaviours.set(behaviourKey(complaintId, 1), { fail: 'always', message });
    const startedAt = Date.now();
    const [failing, next] = await h.append(complaintId, [registered(1), registered(2)]);
    const [unrelated] = await h.append(other, [registered(3)]);

    await h.waitFor('the dead letter', async () => (await deadLettersOf(failing.metadata.eventId)).length === 1);
    await h.waitFor('the next events handled', async () => (await h.effects()).length === 2);

    const calls = h.callsFor(failing.metadata.eventId);
    expect(calls.map((call) => [call.attempt, call.threw])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expectBackoff(calls);
    expect(h.deliveriesOf(failing.metadata.eventId)).toHaveLength(1);

    const [letter] = await deadLettersOf(failing.metadata.eventId);
    expect(letter).toMatchObject({ eventType: 'ComplaintRegistered', attempts: TEST_RETRY.attempts, consumer: CONSUMER });
    // The failing event itself, as delivered, with where it came from.
    expect(JSON.parse(letter.payload)).toEqual(failing);
    expect(letter.origin).toBe(h.deliveriesOf(failing.metadata.eventId)[0].origin);
    expect(letter.error).toContain(message);
    expect(letter.stack).toContain(message);
    expect(letter.stack).toMatch(/transport-harness/);
    const failedAt = Date.parse(letter.failedAt);
    expect(failedAt).toBeGreaterThanOrEqual(startedAt - 1_000);
    expect(failedAt).toBeLessThanOrEqual(Date.now() + 1_000);
    if (h.kind === 'kafka') expect(letter.key).toBe(complaintId);

    // The failed attempts' effects were rolled back, and no inbox row claims the event was handled.
    const effects = await h.effects();
    expect(effects.map((effect) => effect.eventId).sort()).toEqual([next.metadata.eventId, unrelated.metadata.eventId].sort());
    expect((await h.inbox()).map((row) => row.eventId)).not.toContain(failing.metadata.eventId);
    // The complaint's next event was handled after the consumer gave up on the failing one.
    const [nextCall] = h.callsFor(next.metadata.eventId);
    expect(nextCall.at).toBeGreaterThanOrEqual(calls[calls.length - 1].at);

    expect(await h.counter('mallcare_events_failed_total', { stage: 'handler' })).toBe(TEST_RETRY.attempts);
    expect(await h.counter('mallcare_events_dead_lettered_total')).toBe(1);
    expect(await h.deadLetters()).toHaveLength(1);
  });

  it('dead-letters at once, without retries, an event whose handler says it will never succeed (PermanentHandlerError)', async () => {
    const h = harness();
    const complaintId = randomUUID();
    const message = `mall mall-sha-01 is closed for good ${randomUUID()}`;
    h.behaviours.set(behaviourKey(complaintId, 1), { fail: 'always', permanent: true, message });
    const [failing, next] = await h.append(complaintId, [registered(1), registered(2)]);

    await h.waitFor('the dead letter', async () => (await deadLettersOf(failing.metadata.eventId)).length === 1);
    await h.waitFor('the next event handled', async () => (await h.effectsOf(complaintId)).length === 1);
    expect(h.callsFor(failing.metadata.eventId).map((call) => call.attempt)).toEqual([1]);
    const [letter] = await deadLettersOf(failing.metadata.eventId);
    expect(letter.attempts).toBe(1);
    expect(letter.error).toContain(message);
    expect((await h.effectsOf(complaintId)).map((effect) => effect.eventId)).toEqual([next.metadata.eventId]);
  });

  it('dead-letters poison events at once, without retries or handler calls, and goes on with the next event', async () => {
    const h = harness();
    const complaintId = randomUUID();
    const valid = registered(1).data as Record<string, unknown>;
    const poison: { name: string; envelope: RawEnvelope; error: RegExp }[] = [
      { name: 'unknown type', envelope: h.envelope(complaintId, 1, { type: 'ComplaintTeleported' }), error: /unknown event type/ },
      {
        name: 'invalid payload',
        envelope: h.envelope(complaintId, 2, { data: { ...valid, channel: 'carrier-pigeon' } }),
        error: /data\.channel/,
      },
      {
        // A version from the future: no reader of today can make sense of it.
        name: 'unsupported schema version',
        envelope: h.envelope(complaintId, 3, { metadata: { schemaVersion: 99 } }),
        error: /no upcaster from version 99/,
      },
      { name: 'invalid metadata', envelope: h.envelope(complaintId, 4, { metadata: { mallId: '' } }), error: /metadata\.mallId/ },
    ];
    for (const { envelope } of poison) await h.injectRaw(envelope);
    const notJson = `{"type":"ComplaintRegistered","metadata":{"eventId":"${randomUUID()}"`;
    if (h.carriesArbitraryBytes) await h.injectBytes(notJson, complaintId);
    const [next] = await h.append(complaintId, [registered(9)]);
    const expectedLetters = poison.length + (h.carriesArbitraryBytes ? 1 : 0);

    await h.waitFor('the event after the poison handled', async () => (await h.effectsOf(complaintId)).length === 1);
    await h.waitFor(`${expectedLetters} dead letters`, async () => (await h.deadLetters()).length === expectedLetters);

    const letters = await h.deadLetters();
    for (const { name, envelope, error } of poison) {
      const eventId = envelope.metadata.eventId;
      const mine = letters.filter((letter) => letter.eventId === eventId);
      expect({ name, letters: mine.length }).toEqual({ name, letters: 1 });
      expect({ name, attempts: mine[0].attempts }).toEqual({ name, attempts: 1 });
      expect(mine[0].error).toMatch(error);
      expect(mine[0].consumer).toBe(CONSUMER);
      expect(JSON.parse(mine[0].payload)).toMatchObject({ type: envelope.type, data: envelope.data, metadata: { eventId, complaintId } });
      expect(mine[0].origin).toBe(h.deliveriesOf(eventId)[0]?.origin);
      // Not retried by the processor, not redelivered by the transport, never given to the handler.
      expect({ name, deliveries: h.deliveriesOf(eventId).length, calls: h.callsFor(eventId).length }).toEqual({ name, deliveries: 1, calls: 0 });
    }
    if (h.carriesArbitraryBytes) {
      const [garbage] = letters.filter((letter) => letter.payload === notJson);
      expect(garbage).toMatchObject({ eventId: null, attempts: 1, key: complaintId });
      expect(garbage.error).toMatch(/JSON/);
    }

    expect((await h.effectsOf(complaintId)).map((effect) => effect.eventId)).toEqual([next.metadata.eventId]);
    expect((await h.inbox()).map((row) => row.eventId)).toEqual([next.metadata.eventId]);
    expect(h.calls.map((call) => call.event.metadata.eventId)).toEqual([next.metadata.eventId]);
    expect(await h.counter('mallcare_events_failed_total', { stage: 'contract' })).toBe(expectedLetters);
    expect(await h.counter('mallcare_events_failed_total', { stage: 'handler' })).toBe(0);
    expect(await h.counter('mallcare_events_dead_lettered_total')).toBe(expectedLetters);
  });

  it('handles a delivered batch in one transaction; a handler that throws rolls it back, the events before it commit without it, and its event is retried alone', async () => {
    const h = harness();
    const complaintId = randomUUID();
    h.behaviours.set(behaviourKey(complaintId, 4), { fail: 1, message: 'transient' });
    // One transaction: one read of the follower, one send of the relay, one fetch of the consumer.
    const events = await h.append(complaintId, Array.from({ length: 8 }, (_, i) => registered(i + 1)), 0);

    await h.waitFor('the 8 effects', async () => (await h.effectsOf(complaintId)).length === 8);
    const effects = await h.effectsOf(complaintId);
    expect(effects.map((effect) => effect.eventId)).toEqual(events.map((event) => event.metadata.eventId));
    expect(h.callsFor(events[3].metadata.eventId).map((call) => [call.attempt, call.threw])).toEqual([
      [1, true],
      [2, false],
    ]);
    // The events before it were handled in the transaction the failure rolled back, then again in one of their own.
    expect(h.callsFor(events[0].metadata.eventId).map((call) => call.threw)).toEqual([false, false]);
    const transactionOf = await h.transactionsOf(complaintId);
    // The events before the failure committed together, without the failed attempt's effect; the retry had its own transaction.
    expect(new Set([1, 2, 3].map((position) => transactionOf.get(position))).size).toBe(1);
    expect(transactionOf.get(4)).not.toBe(transactionOf.get(3));
    expect(transactionOf.get(5)).not.toBe(transactionOf.get(4));
    expect(new Set([5, 6, 7, 8].map((position) => transactionOf.get(position))).size).toBe(1);
    expect((await h.inbox()).map((row) => row.eventId).sort()).toEqual(events.map((event) => event.metadata.eventId).sort());
    expect(h.deliveriesOf(events[3].metadata.eventId)).toHaveLength(1);
    expect(await h.counter('mallcare_events_failed_total', { stage: 'handler' })).toBe(1);
    expect(await h.counter('mallcare_events_consumed_total', { outcome: 'handled' })).toBe(8);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('commits a slow batch in several transactions (no event begun after 200 ms), each event handled once and in order', async () => {
    const h = harness();
    const complaintId = randomUUID();
    h.handlerDelay = 30;
    const events = await h.append(complaintId, Array.from({ length: 20 }, (_, i) => registered(i + 1)), 0);

    await h.waitFor('the 20 effects', async () => (await h.effectsOf(complaintId)).length === 20, 30_000);
    expect((await h.effectsOf(complaintId)).map((effect) => effect.eventId)).toEqual(events.map((event) => event.metadata.eventId));
    expect(events.map((event) => h.callsFor(event.metadata.eventId).length)).toEqual(events.map(() => 1));
    // 20 × 30 ms does not fit in one: the events left over had their inbox rows given back and claimed again.
    expect(new Set((await h.transactionsOf(complaintId)).values()).size).toBeGreaterThan(1);
    expect((await h.inbox()).map((row) => row.eventId).sort()).toEqual(events.map((event) => event.metadata.eventId).sort());
    expect(await h.counter('mallcare_events_consumed_total', { outcome: 'handled' })).toBe(20);
  });

  it('skips events of known types it has no handler for, without validating them, and goes on with the next event', async () => {
    const h = harness();
    const complaintId = randomUUID();
    h.unhandledTypes.add('CaseRouted');
    // Its data would not pass the contract: unread, it is neither handled nor dead-lettered.
    const skipped = h.envelope(complaintId, 1, { type: 'CaseRouted', data: { owningDepartmentId: 42 } });
    await h.injectRaw(skipped);
    const [next] = await h.append(complaintId, [registered(2)]);

    await h.waitFor('the event after the skipped one handled', async () => (await h.effectsOf(complaintId)).length === 1);
    await h.waitFor('the skipped event counted', async () => (await h.counter('mallcare_events_consumed_total', { outcome: 'ignored', event_type: 'CaseRouted' })) === 1);
    expect(h.deliveriesOf(skipped.metadata.eventId)).toHaveLength(1);
    expect(h.callsFor(skipped.metadata.eventId)).toEqual([]);
    expect((await h.effectsOf(complaintId)).map((effect) => effect.eventId)).toEqual([next.metadata.eventId]);
    expect((await h.inbox()).map((row) => row.eventId)).toEqual([next.metadata.eventId]);
    expect(await h.counter('mallcare_events_failed_total', { stage: 'contract' })).toBe(0);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('handles the events of each complaint in stream order, across complaints, partitions and retries', async () => {
    const h = harness();
    const complaints = Array.from({ length: 6 }, () => randomUUID());
    const perComplaint = 8;
    // Some events fail before they succeed: their retries must hold back the rest of their complaint.
    h.behaviours.set(behaviourKey(complaints[1], 3), { fail: 1, message: 'transient' });
    h.behaviours.set(behaviourKey(complaints[4], 6), { fail: 2, message: 'transient' });
    // Uneven handler times, so that complaints on different partitions or batches interleave.
    h.handlerDelay = (event: ComplaintEvent) => (event.metadata.streamPosition * 7 + event.metadata.complaintId.charCodeAt(0)) % 5;

    // Each event in its own transaction, the complaints' appends racing each other.
    const appended: ComplaintEvent[] = [];
    for (let position = 1; position <= perComplaint; position++) {
      const round = await Promise.all(complaints.map((complaintId) => h.append(complaintId, [registered(position)], position - 1)));
      appended.push(...round.flat());
    }
    const total = complaints.length * perComplaint;
    await h.waitFor(`all ${total} effects`, async () => (await h.effects()).length === total, 30_000);

    const effects = await h.effects();
    expect(new Set(effects.map((effect) => effect.eventId)).size).toBe(total);
    expect(effects.map((effect) => effect.eventId).sort()).toEqual(appended.map((event) => event.metadata.eventId).sort());
    for (const complaintId of complaints) {
      const positions = Array.from({ length: perComplaint }, (_, i) => i + 1);
      // Committed effects, in commit order.
      expect({ complaintId, order: effects.filter((effect) => effect.complaintId === complaintId).map((effect) => effect.streamPosition) }).toEqual({
        complaintId,
        order: positions,
      });
      // Every handler call, failed attempts included: an event is first called after the one before it, and a
      // complaint's calls go back to an earlier event only after a failure rolled their transaction back.
      const called = h.calls.flatMap((call, at) => (call.event.metadata.complaintId === complaintId ? [{ at, position: call.event.metadata.streamPosition }] : []));
      const positionsCalled = called.map((call) => call.position);
      expect({ complaintId, firstCalls: positionsCalled.filter((position, index) => positionsCalled.indexOf(position) === index) }).toEqual({ complaintId, firstCalls: positions });
      const backwards = called.flatMap((call, index) => (index > 0 && call.position < called[index - 1].position ? [{ from: called[index - 1].at, to: call.at }] : []));
      for (const { from, to } of backwards) expect({ complaintId, failedBefore: h.calls.slice(from, to).some((call) => call.threw) }).toEqual({ complaintId, failedBefore: true });
    }
    expect(h.calls.filter((call) => call.threw)).toHaveLength(3);
    expect(await h.deadLetters()).toEqual([]);
  });

  it('resumes where it stopped when the consumer is stopped in the middle of a stream: nothing lost, nothing handled twice', async () => {
    const h = harness();
    const complaintId = randomUUID();
    const count = 40;
    h.handlerDelay = 20;
    // One transaction: the relay publishes it in one send, so a Kafka consumer fetches it as one batch.
    const events = await h.append(complaintId, Array.from({ length: count }, (_, i) => registered(i + 1)), 0);

    await h.waitFor('the first effects', async () => (await h.effectsOf(complaintId)).length >= 5);
    await h.stopConsumer();
    const atStop = (await h.effectsOf(complaintId)).length;
    // Otherwise this test would not be testing a stop in the middle.
    expect(atStop).toBeLessThan(count);
    await sleep(300);
    expect(await h.effectsOf(complaintId)).toHaveLength(atStop);

    h.handlerDelay = 0;
    await h.startConsumer();
    await h.waitFor(`all ${count} effects after the restart`, async () => (await h.effectsOf(complaintId)).length === count, 30_000);
    const effects = await h.effectsOf(complaintId);
    expect(effects.map((effect) => effect.streamPosition)).toEqual(events.map((event) => event.metadata.streamPosition));
    expect(effects.map((effect) => effect.eventId)).toEqual(events.map((event) => event.metadata.eventId));
    expect(await h.deadLetters()).toEqual([]);
  });

  it('watch: a live view gets what is appended after it opened, nothing from before, without touching the consumer', async () => {
    const h = harness();
    const before = randomUUID();
    await h.append(before, [registered(1)]);
    await h.waitFor('the earlier event handled', async () => (await h.effectsOf(before)).length === 1);

    const seen: string[] = [];
    const watch = await h.watch((message) => seen.push((JSON.parse(message.payload) as ComplaintEvent).metadata.complaintId));
    const after = randomUUID();
    await h.append(after, [registered(2), registered(3)]);
    await h.waitFor('both later events watched', () => seen.filter((id) => id === after).length === 2);
    expect(seen).not.toContain(before);
    await h.waitFor('the later events handled too', async () => (await h.effectsOf(after)).length === 2);
    await watch.close();

    // Closed: the consumer goes on alone.
    const later = randomUUID();
    await h.append(later, [registered(4)]);
    await h.waitFor('the last event handled', async () => (await h.effectsOf(later)).length === 1);
    expect(seen).not.toContain(later);
  });
};

describe('EventBus contract: embedded transport', () => transportContract(null));

describeWithKafka('EventBus contract: Kafka transport', (brokers) => transportContract(brokers));
