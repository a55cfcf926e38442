/** A decider as in emmett: pure functions, no I/O. */
export interface Decider<Command, Event, State> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

/** `spec(decider)(given).when(command).then(events)` or `.thenThrows(ErrorType)`. */
export const deciderSpecification =
  <Command, Event, State>(decider: Decider<Command, Event, State>) =>
  (given: Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: Event[]) => expect(run()).toEqual(expected),
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
