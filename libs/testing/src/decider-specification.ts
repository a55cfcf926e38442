import { CommandRefused } from '@mallcare/contracts';

/** A decider as in emmett: pure functions, no I/O. Decisions may be a lighter shape than stored events. */
export interface Decider<Command, Event, State, Decision = Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Decision[];
}

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
};

/** `spec(decider)(given).when(command).then(decisions)`, `.thenRefuses(rule)` or `.thenThrows(ErrorType)`. */
export const deciderSpecification =
  <Command, Event, State, Decision>(decider: Decider<Command, Event, State, Decision>) =>
  (given: Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: Decision[]) => expect(run()).toEqual(expected),
        thenThrows: (error: new (...args: never[]) => Error, check?: (e: Error) => void) => {
          const thrown = thrownBy(run);
          expect(thrown).toBeInstanceOf(error);
          check?.(thrown as Error);
        },
        /** The deciders' one refusal type, for this rule. */
        thenRefuses: (rule: string, check?: (refusal: CommandRefused) => void) => {
          const thrown = thrownBy(run);
          expect(thrown).toBeInstanceOf(CommandRefused);
          expect((thrown as CommandRefused).rule).toBe(rule);
          check?.(thrown as CommandRefused);
        },
      };
    },
  });
