import { describe, expect, it } from "vitest";
import { backoffDelay } from "@/lib/kube/backoff";

describe("backoffDelay", () => {
  it("grows exponentially and stays within the cap", () => {
    const max = (n: number) => backoffDelay(n, { baseMs: 100, capMs: 5_000, random: () => 1 });
    expect([0, 1, 2, 3].map(max)).toEqual([100, 200, 400, 800]);
    expect(max(20)).toBe(5_000);
  });
  it("jitters between half the base and the ceiling", () => {
    expect(backoffDelay(3, { baseMs: 100, capMs: 5_000, random: () => 0 })).toBe(50);
    const samples = Array.from({ length: 200 }, () => backoffDelay(4, { baseMs: 100, capMs: 5_000 }));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...samples)).toBeLessThanOrEqual(1_600);
    expect(new Set(samples).size).toBeGreaterThan(10);
  });
});
