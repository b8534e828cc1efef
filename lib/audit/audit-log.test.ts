import { describe, expect, it } from "vitest";
import { AuditLog } from "@/lib/audit/audit-log";
import type { AuditEntry } from "@/lib/audit/entry";

const entry = (at: string, over: Partial<AuditEntry> = {}): AuditEntry => ({ user: "u", roles: [], action: "tenants.create", result: "success", at, ...over });
const all = () => true;

function fill(n: number) {
  const log = new AuditLog();
  // Inserted out of order; three share one second.
  const times = Array.from({ length: n }, (_, i) => `2026-11-25T10:00:${String(Math.floor(i / 3)).padStart(2, "0")}Z`);
  for (const i of [...times.keys()].sort(() => 0.5 - Math.random())) log.upsert(`r${String(i).padStart(3, "0")}`, entry(times[i]!, { tenant: i % 2 ? "odd" : "even" }));
  return log;
}

describe("AuditLog", () => {
  it("pages newest first through every record exactly once, ties by name", () => {
    const log = fill(50);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = log.query({ limit: 7, cursor }, all);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `r${String(49 - i).padStart(3, "0")}`));
  });

  it("filters by field, time range and visibility", () => {
    const log = fill(30);
    const page = log.query({ limit: 100, tenant: "odd", from: "2026-11-25T10:00:02Z", to: "2026-11-25T10:00:05Z" }, all);
    expect(page.items.every((i) => i.tenant === "odd" && i.at >= "2026-11-25T10:00:02Z" && i.at <= "2026-11-25T10:00:05Z")).toBe(true);
    expect(page.items.map((i) => i.id)).toEqual(["r017", "r015", "r013", "r011", "r009", "r007"]);
    expect(page.nextCursor).toBeUndefined();
    expect(log.query({ limit: 100 }, (e) => e.tenant === "even").items).toHaveLength(15);
  });

  it("removes records and keeps paging stable when the last row returned is gone", () => {
    const log = fill(10);
    const first = log.query({ limit: 3 }, all);
    expect(first.items.map((i) => i.id)).toEqual(["r009", "r008", "r007"]);
    log.remove("r007", first.items[2]!.at);
    expect(log.size).toBe(9);
    expect(log.query({ limit: 2, cursor: first.nextCursor }, all).items.map((i) => i.id)).toEqual(["r006", "r005"]);
  });

  it("bounds the rows one request scans and resumes with the cursor", () => {
    const log = fill(30);
    const page = log.query({ limit: 5, user: "nobody" }, all, 10);
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toBeDefined();
  });
});
