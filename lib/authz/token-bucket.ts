/**
 * Per-key token buckets: each key may spend `burst` at once and earns `perMinute` back over a minute.
 * Time is passed in, so the rule is tested without a clock. Keys idle long enough to be full again are
 * forgotten, so memory stays bounded by the keys active in the last refill period.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly burst: number, private readonly perMinute: number) {}

  /** Takes one token for `key` at `nowMs`; returns 0 when allowed, else the seconds until one is available. */
  take(key: string, nowMs: number): number {
    this.sweep(nowMs);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: nowMs };
    const refilled = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 60_000) * this.perMinute);
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, at: nowMs });
      return 0;
    }
    this.buckets.set(key, { tokens: refilled, at: nowMs });
    return Math.max(1, Math.ceil(((1 - refilled) * 60) / this.perMinute));
  }

  get size(): number {
    return this.buckets.size;
  }

  private lastSweep = 0;
  private sweep(nowMs: number) {
    const fullAfterMs = (this.burst / this.perMinute) * 60_000;
    if (nowMs - this.lastSweep < fullAfterMs) return;
    this.lastSweep = nowMs;
    for (const [k, b] of this.buckets) if (nowMs - b.at >= fullAfterMs) this.buckets.delete(k);
  }
}

/** Counts open things per key (live streams per user) against a cap. */
export class OpenCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Opens one for `key`; returns a release function, or undefined when the key is at its cap. */
  acquire(key: string): (() => void) | undefined {
    const n = this.open.get(key) ?? 0;
    if (n >= this.cap) return undefined;
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}
