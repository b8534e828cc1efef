import "server-only";

/**
 * A deduplicating work queue: a key added while queued is not added twice, and a key added while it is
 * being processed is processed once more afterwards (level-triggered). Failed keys are retried with backoff.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly waiters: (() => void)[] = [];
  private closed = false;

  add(key: string) {
    if (this.closed) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.waiters.shift()?.();
  }

  addAfter(key: string, ms: number) {
    setTimeout(() => this.add(key), ms).unref?.();
  }

  /** Resolves with the next key, or undefined once closed. */
  async next(): Promise<string | undefined> {
    while (!this.closed) {
      const key = this.queued.values().next().value as string | undefined;
      if (key !== undefined) {
        this.queued.delete(key);
        this.active.add(key);
        return key;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
    return undefined;
  }

  done(key: string) {
    this.active.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  get length() {
    return this.queued.size;
  }

  close() {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w();
  }
}
