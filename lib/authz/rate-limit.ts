/**
 * A sliding-window counter of failures per key (user name, client address). Pure and clock-injectable;
 * one instance per process is enough for one console replica.
 */
export class FailureLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const recent = this.prune(key);
    return recent.length >= this.max ? recent[0]! + this.windowMs - this.now() : 0;
  }

  fail(key: string) {
    this.hits.set(key, [...this.prune(key), this.now()]);
  }

  reset(key: string) {
    this.hits.delete(key);
  }

  private prune(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > cutoff);
    if (recent.length) this.hits.set(key, recent);
    else this.hits.delete(key);
    return recent;
  }
}
