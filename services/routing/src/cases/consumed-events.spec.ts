import 'reflect-metadata';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { CallbackEventsConsumer } from './callback-events.consumer';
import { ComplaintEventsConsumer } from './complaint-events.consumer';
import { EVENTS_ROUTING_APPLIES } from './consumed-events';
import { SlaEventsConsumer } from './sla-events.consumer';

/** The event patterns a consumer's handlers subscribe to, as Nest reads them. */
const patternsOf = (consumer: { prototype: object }): string[] =>
  Object.getOwnPropertyNames(consumer.prototype).flatMap((name) => {
    const handler = (consumer.prototype as Record<string, unknown>)[name];
    return typeof handler === 'function' ? ((Reflect.getMetadata(PATTERN_METADATA, handler) as string[] | undefined) ?? []) : [];
  });

describe('the events the live feed waits for', () => {
  it("are exactly those routing's consumers apply: one more handler, and the feed would announce it before the queue shows it", () => {
    const handled = [ComplaintEventsConsumer, SlaEventsConsumer, CallbackEventsConsumer].flatMap(patternsOf);
    expect(new Set(handled)).toEqual(EVENTS_ROUTING_APPLIES);
  });
});
