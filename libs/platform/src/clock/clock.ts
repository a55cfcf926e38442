/**
 * Where a service takes the time from. Inject it (`constructor(private readonly clock: Clock)`) instead
 * of calling `new Date()`: the system clock when it runs, one the test sets when it is tested.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until the test moves it. */
export class FixedClock extends Clock {
  private at: number;

  constructor(at: Date | string) {
    super();
    this.at = new Date(at).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): void {
    this.at = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
