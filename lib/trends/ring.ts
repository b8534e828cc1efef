/**
 * A fixed-size ring of numbers: pushing beyond capacity overwrites the oldest. Backed by one typed array
 * allocated up front, so memory is bounded (8 bytes × capacity, or 4 with `single`) whatever the uptime.
 * `single` keeps values in single precision (about 7 significant digits: plenty for usage drawn on a chart, not
 * for times in milliseconds since 1970).
 */
export class RingBuffer {
  private readonly buf: Float64Array | Float32Array;
  private readonly single: boolean;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number, opts: { single?: boolean } = {}) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
    this.single = !!opts.single;
    this.buf = this.single ? new Float32Array(capacity) : new Float64Array(capacity);
  }

  /** A stored value as it was given, to single precision's 7 digits (0.1 reads as 0.1, not 0.10000000149). */
  private read(i: number): number {
    const v = this.buf[(this.start + i) % this.capacity]!;
    return this.single && Number.isFinite(v) ? Number(v.toPrecision(7)) : v;
  }

  get length(): number {
    return this.count;
  }

  /** Appends a value; returns the one it pushed out (the oldest), if the ring was full. */
  push(v: number): number | undefined {
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count) % this.capacity] = v;
      this.count++;
      return undefined;
    }
    const old = this.read(0);
    this.buf[this.start] = v;
    this.start = (this.start + 1) % this.capacity;
    return old;
  }

  /** The i-th value from the oldest (0) to the newest (length - 1). */
  at(i: number): number | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.read(i);
  }

  last(): number | undefined {
    return this.at(this.count - 1);
  }

  /** Oldest first. */
  toArray(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.read(i);
    return out;
  }
}

/**
 * Series sampled at the same instants: one ring of times and, per series id, a ring of values (NaN where a
 * sample had no value). A series first seen late is backfilled with NaN, so every ring lines up with the times.
 * Series that stay without a value for a whole window are dropped (a tenant deleted a day ago costs nothing).
 */
export class SampledSeries {
  private readonly times: RingBuffer;
  private readonly values = new Map<string, RingBuffer>();
  /** Per series, the sample count when it last had a value. */
  private readonly lastSeen = new Map<string, number>();
  private added = 0;
  private first?: number;

  constructor(readonly capacity: number) {
    this.times = new RingBuffer(capacity);
  }

  /** When the first sample was taken (ms), if any. */
  get since(): number | undefined {
    return this.first;
  }

  get length(): number {
    return this.times.length;
  }

  seriesIds(): string[] {
    return [...this.values.keys()];
  }

  add(t: number, values: Record<string, number>): void {
    const last = this.times.last();
    if (last !== undefined && t <= last) throw new RangeError("samples must be added in time order");
    this.first ??= t;
    const before = this.times.length;
    this.times.push(t);
    for (const id of Object.keys(values)) {
      if (this.values.has(id)) continue;
      // Values in single precision: 500 tenants' ten series over a day at one sample a minute are 29 MB, not 58.
      const ring = new RingBuffer(this.capacity, { single: true });
      for (let i = 0; i < before; i++) ring.push(NaN);
      this.values.set(id, ring);
    }
    this.added++;
    for (const [id, ring] of this.values) {
      const v = values[id];
      const ok = v !== undefined && Number.isFinite(v);
      ring.push(ok ? v : NaN);
      if (ok) this.lastSeen.set(id, this.added);
      else if (this.added - (this.lastSeen.get(id) ?? 0) >= this.capacity) {
        this.values.delete(id);
        this.lastSeen.delete(id);
      }
    }
  }

  /** The samples at or after `from` (ms), with the given series (all when omitted); NaN reads as null. */
  read(from = -Infinity, ids?: string[]): { t: number[]; series: Record<string, (number | null)[]> } {
    const all = this.times.toArray();
    let i0 = 0;
    while (i0 < all.length && all[i0]! < from) i0++;
    const t = all.slice(i0);
    const series: Record<string, (number | null)[]> = {};
    for (const id of ids ?? this.seriesIds()) {
      const ring = this.values.get(id);
      series[id] = t.map((_, k) => {
        const v = ring?.at(i0 + k);
        return v === undefined || Number.isNaN(v) ? null : v;
      });
    }
    return { t, series };
  }

  /** The newest sample (the push of a live view). */
  latest(ids?: string[]): { t: number; values: Record<string, number | null> } | undefined {
    const t = this.times.last();
    if (t === undefined) return undefined;
    const values: Record<string, number | null> = {};
    const n = this.times.length - 1;
    for (const id of ids ?? this.seriesIds()) {
      const v = this.values.get(id)?.at(n);
      values[id] = v === undefined || Number.isNaN(v) ? null : v;
    }
    return { t, values };
  }
}
