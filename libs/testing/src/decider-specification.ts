/** A decider as in emmett: pure functions, no I/O. Decisions may be a lighter shape than stored events. */
export interface Decider<Command, Event, State, Decision = Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Decision[];
}

/** `spec(decider)(given).when(command).then(decisions)` or `.thenThrows(ErrorType)`. */
export const deciderSpecification =
  <Command, Event, State, Decision>(decider: Decider<Command, Event, State, Decision>) =>
  (given: Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: Decision[]) => expect(run()).toEqual(expected),
        thenThrows: (error: new (...args: never[]) => Error, check?: (e: Error) => void) => {
          let thrown: unknown;
          try {
            run();
          } catch (e) {
            thrown = e;
          }
          expect(thrown).toBeInstanceOf(error);
          check?.(thrown as Error);
        },
      };
    },
  });
