/**
 * Reports already answered, each kept with the version of the stored figures it was made from: a
 * warm request whose figures did not change is served as it was instead of merging every mall-month
 * again. The version must change whenever anything the report reads changes (see
 * MallMonthFiguresService.versionOf); the policy is compared by identity (a new version is a new object).
 */
export class ReportCache {
  private readonly entries = new Map<string, { version: string; policy: unknown; value: Promise<unknown> }>();

  constructor(private readonly capacity: number) {}

  /** Drops an answer that must not be served again (one stamped with the time of the request). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  async get<T>(key: string, version: string, policy: unknown, compute: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found && found.version === version && found.policy === policy) {
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.value as Promise<T>;
    }
    const value = compute();
    this.entries.set(key, { version, policy, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    // A failed computation is not kept.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
