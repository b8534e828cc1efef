/** Exponential backoff with full jitter: a random delay in [base/2, min(cap, base·2^attempt)]. */
export function backoffDelay(attempt: number, opts: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = opts.baseMs ?? 500;
  const cap = opts.capMs ?? 30_000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt));
  const floor = Math.min(base / 2, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}
