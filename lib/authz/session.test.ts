import { describe, expect, it } from "vitest";
import { parseDuration, sessionDeadline, sessionVerdict } from "@/lib/authz/session";

const limits = { idleSeconds: 30 * 60, maxAgeSeconds: 12 * 3600 };
const login = 1_800_000_000;

describe("sessionVerdict", () => {
  it("keeps a session that is used, up to its absolute lifetime", () => {
    expect(sessionVerdict({ loginAt: login, seenAt: login }, login + 60, limits)).toBe("active");
    expect(sessionVerdict({ loginAt: login, seenAt: login + 11 * 3600 }, login + 11 * 3600 + 29 * 60, limits)).toBe("active");
    expect(sessionVerdict({ loginAt: login, seenAt: login + 12 * 3600 - 10 }, login + 12 * 3600, limits)).toBe("expired");
  });
  it("ends a session idle for 30 minutes", () => {
    expect(sessionVerdict({ loginAt: login, seenAt: login + 100 }, login + 100 + 30 * 60 - 1, limits)).toBe("active");
    expect(sessionVerdict({ loginAt: login, seenAt: login + 100 }, login + 100 + 30 * 60, limits)).toBe("idle");
  });
  it("refuses tokens without the times or from the future", () => {
    expect(sessionVerdict({}, login, limits)).toBe("expired");
    expect(sessionVerdict({ loginAt: "x", seenAt: login }, login, limits)).toBe("expired");
    expect(sessionVerdict({ loginAt: login + 3600, seenAt: login + 3600 }, login, limits)).toBe("expired");
  });
});

describe("sessionDeadline", () => {
  it("is the earlier of the idle and the absolute deadline", () => {
    expect(sessionDeadline({ loginAt: login, seenAt: login + 600 }, limits)).toBe(login + 600 + 1800);
    expect(sessionDeadline({ loginAt: login, seenAt: login + 12 * 3600 - 60 }, limits)).toBe(login + 12 * 3600);
  });
});

describe("parseDuration", () => {
  it("reads seconds, minutes and hours", () => {
    expect([parseDuration("45s"), parseDuration("30m"), parseDuration("12h")]).toEqual([45, 1800, 43200]);
  });
});
