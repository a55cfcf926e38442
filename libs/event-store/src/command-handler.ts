import type { ComplaintEvent, NewEvent } from '@mallcare/contracts';
import type { EntityManager } from 'typeorm';
import { StreamVersionConflict } from './event-store.errors';
import type { AppendContext, PostgresEventStore } from './postgres-event-store';

/**
 * A decider as emmett types it (Decider<State, Command, StreamEvent>): `evolve` takes only the events
 * its stream holds, named in `streamEvents`; anything else read with them is not folded.
 */
export interface StreamDecider<Command, State, StreamEvent extends ComplaintEvent = ComplaintEvent> {
  initialState: () => State;
  streamEvents: readonly StreamEvent['type'][];
  evolve: (state: State, event: StreamEvent) => State;
  decide: (command: Command, state: State) => NewEvent[];
}

export const isStreamEvent = <StreamEvent extends ComplaintEvent>(decider: { streamEvents: readonly StreamEvent['type'][] }, event: ComplaintEvent): event is StreamEvent =>
  (decider.streamEvents as readonly string[]).includes(event.type);

/** A switch on a stream's events ends here: a type of the stream that the switch forgets does not compile. */
export const notInStream = <State>(event: never, state: State): State => state;

/** The state `events` fold to, from `from` (the initial state by default), skipping what is not the stream's. */
export const foldStream = <State, StreamEvent extends ComplaintEvent>(
  decider: Pick<StreamDecider<unknown, State, StreamEvent>, 'initialState' | 'streamEvents' | 'evolve'>,
  events: readonly ComplaintEvent[],
  from: State = decider.initialState(),
): State => events.reduce((state, event) => (isStreamEvent(decider, event) ? decider.evolve(state, event) : state), from);

/** Conflict retry, as emmett's `handleCommand` takes it: how many tries after the first, and on what. */
export interface RetryOptions {
  retries: number;
  shouldRetryError?: (error: unknown) => boolean;
}

export const isExpectedVersionConflictError = (error: unknown): boolean => error instanceof StreamVersionConflict;

/** Runs `work` again on a retriable error (a writer that appended first), at most `retries` more times. */
export const retryOnConflict = async <T>(work: () => Promise<T>, retry?: RetryOptions): Promise<T> => {
  const shouldRetry = retry?.shouldRetryError ?? isExpectedVersionConflictError;
  for (let tries = 1; ; tries++) {
    try {
      return await work();
    } catch (error) {
      if (tries > (retry?.retries ?? 0) || !shouldRetry(error)) throw error;
    }
  }
};

/**
 * One unit of work in its own transaction: followers are signalled after the commit when it appended,
 * and a version conflict runs it again on fresh state when `retry` says so.
 */
export const inCommandTransaction = <T>(store: PostgresEventStore, work: (manager: EntityManager) => Promise<T>, retry?: RetryOptions): Promise<T> =>
  retryOnConflict(() => store.transaction(work), retry);

/** Commands on one stream queue behind each other in their transactions (an advisory lock until commit). */
export const serializeStream = async (manager: EntityManager, streamId: string): Promise<void> => {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
};

/** A stream as read for a decision: its version, its events and the state they fold to. */
export interface StreamRead<State> {
  version: number;
  events: ComplaintEvent[];
  state: State;
}

export interface CommandHandling<Command, State, StreamEvent extends ComplaintEvent = ComplaintEvent> {
  streamId: string;
  decider: StreamDecider<Command, State, StreamEvent>;
  /** The command, or how to build it from the stream as read (the builder may refuse first: not found, not allowed, stale). */
  command: Command | ((read: StreamRead<State>) => Command);
  context: AppendContext | ((read: StreamRead<State>) => AppendContext);
  /** Commands on one stream queue behind each other (a transaction-scoped advisory lock) rather than race and retry. */
  serialize?: boolean;
  /** The state to decide on; by default the stream's events folded. */
  load?: (manager: EntityManager, events: ComplaintEvent[]) => Promise<State>;
  /** Read models written in the same transaction, after the append (also when nothing was decided). */
  project?: (manager: EntityManager, appended: ComplaintEvent[], after: StreamRead<State>) => Promise<void>;
  /** Inside the caller's transaction (a consumer's inbox, a multi-stream unit): the caller commits and signals. */
  manager?: EntityManager;
  /** Only in a transaction of its own. */
  retry?: RetryOptions;
}

export interface CommandOutcome<State> {
  before: StreamRead<State>;
  after: StreamRead<State>;
  /** What was appended, in stream order (empty when the decider decided nothing). */
  events: ComplaintEvent[];
}

/**
 * The command pipeline: in one transaction, read the stream, decide, append at the version read
 * (the insert is the concurrency check), write the projections; after the commit, wake followers.
 * A decider's refusal (CommandRefused) leaves as it is for the platform's filter to answer.
 */
export const handleCommand = async <Command, State, StreamEvent extends ComplaintEvent = ComplaintEvent>(store: PostgresEventStore, handling: CommandHandling<Command, State, StreamEvent>): Promise<CommandOutcome<State>> => {
  const { manager } = handling;
  if (manager) return handleIn(store, manager, handling);
  return inCommandTransaction(store, (own) => handleIn(store, own, handling), handling.retry);
};

const handleIn = async <Command, State, StreamEvent extends ComplaintEvent>(store: PostgresEventStore, manager: EntityManager, handling: CommandHandling<Command, State, StreamEvent>): Promise<CommandOutcome<State>> => {
  const { streamId, decider } = handling;
  if (handling.serialize) await serializeStream(manager, streamId);
  const { version, events } = await store.readStream(streamId, manager);
  const state = handling.load ? await handling.load(manager, events) : foldStream(decider, events);
  const before: StreamRead<State> = { version, events, state };
  const command = typeof handling.command === 'function' ? (handling.command as (read: StreamRead<State>) => Command)(before) : handling.command;
  const decided = decider.decide(command, state);
  let after = before;
  let appended: ComplaintEvent[] = [];
  if (decided.length > 0) {
    const context = typeof handling.context === 'function' ? handling.context(before) : handling.context;
    const result = await store.append(streamId, decided, context, version, manager);
    appended = result.events;
    after = { version: result.nextExpectedVersion, events: [...events, ...appended], state: foldStream(decider, appended, state) };
  }
  await handling.project?.(manager, appended, after);
  return { before, after, events: appended };
};
