/**
 * /live announces a change once routing's work queue has it; the read models other services
 * keep from the same event (intake's case status, sla-monitor's inbox, written by its delivery
 * worker) may land a moment later. So what a change made stale is read now and once more after each
 * of these delays (the latest change of a key resets its follow-ups: a burst costs one more read).
 */
export const SETTLE_DELAYS_MS = [1_000, 4_000] as const;

export class FollowUps {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly invalidate: (queryKey: readonly unknown[]) => void,
    private readonly delays: readonly number[] = SETTLE_DELAYS_MS,
  ) {}

  touch(queryKey: readonly unknown[]): void {
    this.invalidate(queryKey);
    for (const delay of this.delays) {
      const id = `${delay}:${JSON.stringify(queryKey)}`;
      clearTimeout(this.timers.get(id));
      this.timers.set(
        id,
        setTimeout(() => {
          this.timers.delete(id);
          this.invalidate(queryKey);
        }, delay),
      );
    }
  }

  stop(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }
}
