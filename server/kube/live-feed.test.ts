import { describe, expect, it } from "vitest";
import { AUDIENCE_STEP, coalesceWindow } from "@/server/kube/live-feed";

describe("coalesceWindow", () => {
  it("keeps the base window for a small audience and widens it step by step, up to 1 s", () => {
    expect(coalesceWindow(100, 0)).toBe(100);
    expect(coalesceWindow(100, 1)).toBe(100);
    expect(coalesceWindow(100, AUDIENCE_STEP)).toBe(100);
    expect(coalesceWindow(100, AUDIENCE_STEP + 1)).toBe(200);
    expect(coalesceWindow(100, 1_000)).toBe(400);
    expect(coalesceWindow(150, 1_000)).toBe(600);
    expect(coalesceWindow(100, 100_000)).toBe(1_000);
  });
});
