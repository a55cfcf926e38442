import type { EntityManager } from 'typeorm';
import type { ComplaintEvent } from '@mallcare/contracts';
import { foldStream, type CommandOutcome, type StreamDecider, type StreamRead } from './command-handler';
import type { AppendContext, PostgresEventStore } from './postgres-event-store';

/** One stream's command in a batch decided together. */
export interface StreamCommand<Command> {
  streamId: string;
  command: Command;
  context: AppendContext;
}

/**
 * `handleCommand` for many streams at once, inside the caller's transaction: every stream read in one
 * query, each decided in memory by the same decider, all that was decided appended in one statement
 * (each stream at the version read; a conflict on any throws, so the caller's transaction rolls back
 * whole). Outcomes come in the order of `commands`; the caller projects them and commits.
 */
export const handleCommands = async <Command, State, StreamEvent extends ComplaintEvent = ComplaintEvent>(
  store: PostgresEventStore,
  manager: EntityManager,
  decider: StreamDecider<Command, State, StreamEvent>,
  commands: readonly StreamCommand<Command>[],
): Promise<CommandOutcome<State>[]> => {
  const streams = await store.readStreams(
    commands.map(({ streamId }) => streamId),
    manager,
  );
  const decided = commands.map(({ streamId, command, context }) => {
    const { version, events } = streams.get(streamId) ?? { version: 0, events: [] };
    const before: StreamRead<State> = { version, events, state: foldStream(decider, events) };
    return { streamId, context, before, events: decider.decide(command, before.state) };
  });
  const deciding = decided.filter((decision) => decision.events.length > 0);
  const appended = await store.appendToStreams(
    deciding.map(({ streamId, events, context, before }) => ({ streamId, events, context, expectedVersion: before.version })),
    manager,
  );
  const results = new Map(deciding.map((decision, i) => [decision.streamId, appended[i]]));
  return decided.map(({ streamId, before }) => {
    const result = results.get(streamId);
    if (!result) return { before, after: before, events: [] };
    return {
      before,
      after: { version: result.nextExpectedVersion, events: [...before.events, ...result.events], state: foldStream(decider, result.events, before.state) },
      events: result.events,
    };
  });
};
