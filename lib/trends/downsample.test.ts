import { describe, expect, it } from "vitest";
import { bucketize, stepFor } from "@/lib/trends/downsample";
import { summarize } from "@/lib/trends/series";

describe("bucketize", () => {
  it("keeps the largest value of each bucket, aligned to multiples of the step", () => {
    const t = [0, 60_000, 120_000, 180_000, 240_000, 300_000];
    const out = bucketize(t, { a: [1, 5, 2, null, 3, 4], b: [null, null, null, null, null, 7] }, 120_000);
    expect(out.t).toEqual([0, 120_000, 240_000]);
    expect(out.series).toEqual({ a: [5, 2, 4], b: [null, null, 7] });
  });

  it("leaves points alone when the step is finer than their spacing", () => {
    const out = bucketize([60_000, 120_000], { a: [1, 2] }, 60_000);
    expect(out).toEqual({ t: [60_000, 120_000], series: { a: [1, 2] } });
  });

  it("skips gaps in time without inventing buckets", () => {
    const out = bucketize([0, 1_000_000], { a: [1, 2] }, 60_000);
    expect(out.t).toEqual([0, 960_000]);
    expect(out.series.a).toEqual([1, 2]);
  });

  it("brings a day of minutes down to the wanted number of points", () => {
    const t = Array.from({ length: 1440 }, (_, i) => i * 60_000);
    const a = t.map((_, i) => (i === 700 ? 99 : 1));
    const step = stepFor(24 * 3600_000, 288, 60_000);
    expect(step).toBe(300_000);
    const out = bucketize(t, { a }, step);
    expect(out.t).toHaveLength(288);
    expect(out.series.a!.filter((v) => v === 99)).toHaveLength(1);
    expect(Math.max(...(out.series.a as number[]))).toBe(99);
  });

  it("refuses a step that is not positive", () => {
    expect(() => bucketize([], {}, 0)).toThrow(RangeError);
  });
});

describe("stepFor", () => {
  it("never goes below the sampling interval and rounds up to a multiple of it", () => {
    expect(stepFor(3600_000, 1000, 60_000)).toBe(60_000);
    expect(stepFor(24 * 3600_000, 500, 60_000)).toBe(180_000);
    expect(() => stepFor(1, 0, 1)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("gives the latest, min and max of the values that exist", () => {
    expect(summarize([null, 3, 1, NaN, 7, null, 2, null])).toEqual({ latest: 2, min: 1, max: 7 });
    expect(summarize([null, null])).toEqual({ latest: undefined, min: undefined, max: undefined });
  });
});
