import { describe, expect, it } from "vitest";
import { renewalDue, renewalTime } from "@/lib/certificates/renewal";

describe("renewal", () => {
  it("renews at two thirds of the validity by default", () => {
    expect(renewalTime(0, 300)).toBe(200);
    expect(renewalDue(0, 300, 199)).toBe(false);
    expect(renewalDue(0, 300, 200)).toBe(true);
    expect(renewalDue(1000, 1300, 1150, 0.5)).toBe(true);
    expect(renewalDue(1000, 1300, 1149, 0.5)).toBe(false);
  });

  it("renews an expired certificate and refuses a meaningless fraction", () => {
    expect(renewalDue(0, 100, 5_000)).toBe(true);
    expect(() => renewalTime(0, 100, 1)).toThrow(/between 0 and 1/);
    expect(() => renewalTime(0, 100, 0)).toThrow(/between 0 and 1/);
  });
});

describe("leaf policy settings", () => {
  it("reads Go-style durations and falls back to a year renewed at two thirds", async () => {
    const { durationSeconds, leafPolicy } = await import("@/lib/certificates/renewal");
    expect(durationSeconds("90s")).toBe(90);
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("8760h")).toBe(365 * 24 * 3600);
    expect(durationSeconds("")).toBeUndefined();
    expect(durationSeconds("3d")).toBeUndefined();
    expect(leafPolicy()).toEqual({ ttlSeconds: 365 * 24 * 3600, renewFraction: 2 / 3 });
    expect(leafPolicy("2m", 0.5)).toEqual({ ttlSeconds: 120, renewFraction: 0.5 });
    expect(() => leafPolicy("soon")).toThrow(/not a duration/);
  });
});
