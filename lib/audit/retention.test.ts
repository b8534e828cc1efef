import { describe, expect, it } from "vitest";
import { recordsToPrune } from "@/lib/audit/retention";

const DAY = 86_400_000;
const now = Date.parse("2026-11-25T12:00:00Z");
const rec = (name: string, daysAgo: number) => ({ name, at: new Date(now - daysAgo * DAY).toISOString() });

describe("recordsToPrune", () => {
  it("keeps everything within both limits", () => {
    expect(recordsToPrune([rec("a", 1), rec("b", 2)], { maxRecords: 10, maxAgeMs: 30 * DAY }, now)).toEqual([]);
  });

  it("drops the oldest beyond the count", () => {
    const records = [rec("new", 0), rec("old", 3), rec("mid", 1), rec("older", 4)];
    expect(recordsToPrune(records, { maxRecords: 2, maxAgeMs: 30 * DAY }, now)).toEqual(["older", "old"]);
  });

  it("drops everything past the age, whatever the count", () => {
    const records = [rec("x", 40), rec("y", 31), rec("z", 29)];
    expect(recordsToPrune(records, { maxRecords: 100, maxAgeMs: 30 * DAY }, now)).toEqual(["x", "y"]);
  });

  it("breaks ties in time by name, the same on every replica", () => {
    const at = new Date(now).toISOString();
    const records = [{ name: "b", at }, { name: "a", at }, { name: "c", at }];
    expect(recordsToPrune(records, { maxRecords: 1, maxAgeMs: DAY }, now)).toEqual(["a", "b"]);
  });
});
