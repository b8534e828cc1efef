import { describe, expect, it } from "vitest";
import { formatSeconds } from "@/lib/certificates/format";

describe("formatSeconds", () => {
  it.each([
    [0, "0s"], [45, "45s"], [61, "1m 1s"], [3600, "1h"], [3 * 3600 + 12 * 60 + 5, "3h 12m"], [29 * 86_400 + 4 * 3600 + 59, "29d 4h"], [-2 * 86_400 - 3600, "-2d 1h"],
  ])("%d s reads %s", (s, out) => expect(formatSeconds(s)).toBe(out));
});
