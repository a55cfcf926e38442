import type { ComplaintEvent, NewEvent } from '@mallcare/contracts';
import type { EntityManager } from 'typeorm';
import { StreamVersionConflict } from './event-store.errors';
import type { AppendContext, PostgresEventStore } from './postgres-event-store';

export interface StreamDecider<Command, State> {
  initialState: () => State;
  evolve: (state: State, event: ComplaintEvent) => State;
  decide: (command: Command, state: State) => NewEvent[];
}

/**
 * Load the stream, fold it, decide, append at the version that was read. A concurrent writer makes
 * the append fail; outside a caller's transaction the whole thing is retried on fresh state.
 */
export const handleCommand = async <Command, State>(
  store: PostgresEventStore,
  streamId: string,
  decider: StreamDecider<Command, State>,
  command: Command,
  context: AppendContext,
  manager?: EntityManager,
  attempts = manager ? 1 : 3,
): Promise<ComplaintEvent[]> => {
  for (let attempt = 1; ; attempt++) {
    const { version, events } = await store.readStream(streamId, manager);
    const decided = decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
    if (decided.length === 0) return [];
    try {
      return (await store.append(streamId, decided, context, version, manager)).events;
    } catch (error) {
      if (!(error instanceof StreamVersionConflict) || attempt >= attempts) throw error;
    }
  }
};
