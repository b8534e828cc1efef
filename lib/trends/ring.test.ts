import { describe, expect, it } from "vitest";
import { RingBuffer, SampledSeries } from "@/lib/trends/ring";

describe("RingBuffer", () => {
  it("keeps values oldest first until full, then overwrites the oldest", () => {
    const r = new RingBuffer(3);
    expect(r.toArray()).toEqual([]);
    expect(r.last()).toBeUndefined();
    expect(r.push(1)).toBeUndefined();
    r.push(2);
    r.push(3);
    expect(r.toArray()).toEqual([1, 2, 3]);
    expect(r.push(4)).toBe(1);
    expect(r.push(5)).toBe(2);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.length).toBe(3);
    expect(r.at(0)).toBe(3);
    expect(r.at(2)).toBe(5);
    expect(r.at(3)).toBeUndefined();
    expect(r.at(-1)).toBeUndefined();
    expect(r.last()).toBe(5);
  });

  it("stays at its capacity over many wraps (a day of minutes, many times over)", () => {
    const r = new RingBuffer(1440);
    for (let i = 0; i < 1440 * 7 + 13; i++) r.push(i);
    const a = r.toArray();
    expect(a).toHaveLength(1440);
    expect(a[0]).toBe(1440 * 6 + 13);
    expect(a[1439]).toBe(1440 * 7 + 12);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});

describe("SampledSeries", () => {
  it("lines every series up with the sample times; a series first seen late is null before", () => {
    const s = new SampledSeries(4);
    s.add(1000, { a: 1 });
    s.add(2000, { a: 2, b: 20 });
    s.add(3000, { b: 30 });
    expect(s.since).toBe(1000);
    expect(s.read()).toEqual({ t: [1000, 2000, 3000], series: { a: [1, 2, null], b: [null, 20, 30] } });
    expect(s.read(2000, ["b", "c"])).toEqual({ t: [2000, 3000], series: { b: [20, 30], c: [null, null] } });
    expect(s.latest(["a", "b"])).toEqual({ t: 3000, values: { a: null, b: 30 } });
  });

  it("drops the oldest sample when full, and keeps `since` at the first sample ever", () => {
    const s = new SampledSeries(2);
    s.add(1, { a: 1 });
    s.add(2, { a: 2 });
    s.add(3, { a: 3 });
    expect(s.read()).toEqual({ t: [2, 3], series: { a: [2, 3] } });
    expect(s.since).toBe(1);
    expect(s.length).toBe(2);
  });

  it("forgets a series that had no value for a whole window", () => {
    const s = new SampledSeries(3);
    s.add(1, { a: 1, gone: 5 });
    s.add(2, { a: 1 });
    s.add(3, { a: 1 });
    expect(s.seriesIds()).toContain("gone");
    s.add(4, { a: 1 });
    expect(s.seriesIds()).toEqual(["a"]);
  });

  it("treats a non-finite value as no value", () => {
    const s = new SampledSeries(3);
    s.add(1, { a: NaN, b: Infinity, c: 2 });
    expect(s.read().series).toEqual({ a: [null], b: [null], c: [2] });
  });

  it("refuses samples out of time order", () => {
    const s = new SampledSeries(3);
    s.add(5, {});
    expect(() => s.add(5, {})).toThrow(RangeError);
    expect(() => s.add(4, {})).toThrow(RangeError);
  });

  it("has no latest point before the first sample", () => {
    expect(new SampledSeries(3).latest()).toBeUndefined();
    expect(new SampledSeries(3).since).toBeUndefined();
  });
});

describe("RingBuffer in single precision", () => {
  it("gives values back as they were given, to 7 digits, NaN included, in half the memory", () => {
    const r = new RingBuffer(4, { single: true });
    for (const v of [0.1, 2.5, 1234.567, NaN]) r.push(v);
    expect(r.toArray()).toEqual([0.1, 2.5, 1234.567, NaN]);
    expect(r.at(0)).toBe(0.1);
    expect(r.push(7)).toBe(0.1);
    expect(r.last()).toBe(7);
    // Float32Array: 4 bytes a value.
    expect((r as unknown as { buf: Float32Array }).buf.byteLength).toBe(16);
  });
});
