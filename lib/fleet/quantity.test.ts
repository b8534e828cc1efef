import { describe, expect, it } from "vitest";
import { parseQuantity, round, toGi } from "@/lib/fleet/quantity";

describe("parseQuantity", () => {
  it.each([
    ["2", 2], ["500m", 0.5], ["1.5", 1.5], ["4Gi", 4 * 2 ** 30], ["512Mi", 512 * 2 ** 20], ["1k", 1000], ["1M", 1e6],
    ["2e3", 2000], ["1E2", 100], ["100n", 1e-7], [".5", 0.5], ["0", 0], [3, 3],
  ] as const)("reads %s", (q, want) => {
    expect(parseQuantity(q)).toBeCloseTo(want, 12);
  });
  it.each(["", "abc", "4GB", "1.2.3", "Gi", undefined])("refuses %s", (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });
  it("converts bytes to GiB", () => {
    expect(toGi("4Gi")).toBe(4);
    expect(toGi("1536Mi")).toBe(1.5);
    expect(toGi(undefined)).toBeUndefined();
    expect(round(0.1 + 0.2)).toBe(0.3);
  });
});
