/**
 * Fewer points for display: times are cut into buckets of `stepMs` (aligned to multiples of stepMs since the
 * epoch) and each bucket shows the largest value of each series in it (a peak of usage stays visible; a
 * bucket with no value stays null). Input times must be ascending.
 */
export function bucketize(t: number[], series: Record<string, (number | null)[]>, stepMs: number): { t: number[]; series: Record<string, (number | null)[]> } {
  if (!(stepMs > 0)) throw new RangeError("stepMs must be positive");
  const outT: number[] = [];
  const index: number[] = []; // bucket index per input point
  for (const time of t) {
    const b = Math.floor(time / stepMs) * stepMs;
    if (outT.length === 0 || outT[outT.length - 1] !== b) outT.push(b);
    index.push(outT.length - 1);
  }
  const out: Record<string, (number | null)[]> = {};
  for (const [id, values] of Object.entries(series)) {
    const col = new Array<number | null>(outT.length).fill(null);
    values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const k = index[i]!;
      const cur = col[k];
      col[k] = cur === null || cur === undefined || v > cur ? v : cur;
    });
    out[id] = col;
  }
  return { t: outT, series: out };
}

/** The bucket width (ms) that leaves at most `maxPoints` points over `spanMs`, never below `minStepMs`. */
export function stepFor(spanMs: number, maxPoints: number, minStepMs: number): number {
  if (maxPoints < 1) throw new RangeError("maxPoints must be at least 1");
  return Math.max(minStepMs, Math.ceil(spanMs / maxPoints / minStepMs) * minStepMs);
}
