import { describe, expect, it } from "vitest";
import { dataAgeMs, isStale, nextPage, pageCount, pageItems, tilesPerPage } from "@/lib/noc/wall";

describe("wall paging", () => {
  const tile = { width: 300, height: 200, gap: 20 };
  it("fits as many whole tiles as the box holds, never fewer than one", () => {
    expect(tilesPerPage({ width: 1920, height: 960 }, tile)).toBe(6 * 4); // 6 × 320 − 20 = 1900 ≤ 1920; 4 × 220 − 20 = 860 ≤ 960
    expect(tilesPerPage({ width: 1899, height: 859 }, tile)).toBe(5 * 3);
    expect(tilesPerPage({ width: 10, height: 10 }, tile)).toBe(1);
  });
  it("pages through every item, wraps, and shows the last page when the list shrank", () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(pageCount(25, 10)).toBe(3);
    expect(pageCount(0, 10)).toBe(1);
    expect(pageItems(items, 0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pageItems(items, 2, 10)).toEqual([20, 21, 22, 23, 24]);
    expect(pageItems(items, 7, 10)).toEqual([20, 21, 22, 23, 24]);
    expect(nextPage(0, 3)).toBe(1);
    expect(nextPage(2, 3)).toBe(0);
    expect(nextPage(5, 3)).toBe(0);
    expect(nextPage(0, 1)).toBe(0);
  });
});

describe("how old the wall's data is", () => {
  const t0 = 1_000_000;
  it("with the console's watch open: the time since the last message (heartbeats keep it low)", () => {
    const last = { receivedAt: t0, serverAt: 50_000_000, connected: true, heardAt: 49_000_000 };
    expect(dataAgeMs(last, t0 + 3_000, 0)).toBe(3_000);
    expect(isStale(last, dataAgeMs(last, t0 + 5_000, 0))).toBe(false);
    // The stream stalled: no heartbeat for 20 s.
    expect(isStale(last, dataAgeMs(last, t0 + 20_000, 0))).toBe(true);
  });
  it("with the console's watch broken (API server down): how long the console has not heard from it, plus the time since", () => {
    const last = { receivedAt: t0, serverAt: 50_030_000, connected: false, heardAt: 50_000_000 };
    expect(dataAgeMs(last, t0 + 2_000, 0)).toBe(32_000);
    expect(isStale(last, dataAgeMs(last, t0, 0))).toBe(true);
    // Said at once, even when the watch went down only a moment ago.
    const justNow = { ...last, heardAt: last.serverAt - 500 };
    expect(dataAgeMs(justNow, t0, 0)).toBe(500);
    expect(isStale(justNow, dataAgeMs(justNow, t0, 0))).toBe(true);
  });
  it("clock differences between browser and console do not count", () => {
    const last = { receivedAt: t0, serverAt: t0 + 3_600_000, connected: true };
    expect(dataAgeMs(last, t0 + 1_000, 0)).toBe(1_000);
  });
  it("before any message: the time since the wall opened", () => {
    expect(dataAgeMs(undefined, t0 + 4_000, t0)).toBe(4_000);
    expect(isStale(undefined, 4_000)).toBe(false);
    expect(isStale(undefined, 13_000)).toBe(true);
  });
});
