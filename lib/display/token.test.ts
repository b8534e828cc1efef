import { describe, expect, it } from "vitest";
import { displayIdOf, displayLinkPath, displayVerdict, hashDisplayToken, newDisplayToken, sameHash, type DisplayRecord } from "@/lib/display/token";
import { CreateDisplaySchema } from "@/lib/schemas/display";

const NOW = Date.parse("2026-06-01T00:00:00Z");

async function record(over: Partial<DisplayRecord> = {}) {
  const { id, token } = newDisplayToken();
  const rec: DisplayRecord = { id, name: "NOC left", tokenHash: await hashDisplayToken(token), createdBy: "admin", createdAt: "2026-05-01T00:00:00Z", expiresAt: "2027-05-01T00:00:00Z", ...over };
  return { id, token, rec };
}

describe("display tokens", () => {
  it("are new every time, name their id, and carry 256 bits of secret", () => {
    const a = newDisplayToken();
    const b = newDisplayToken();
    expect(a.token).not.toBe(b.token);
    expect(a.id).toMatch(/^[0-9a-f]{12}$/);
    expect(displayIdOf(a.token)).toBe(a.id);
    expect(a.token.split(".")[2]).toHaveLength(43);
  });

  it("anything that is not a well-formed token names no display", () => {
    const { token } = newDisplayToken();
    for (const bad of ["", "kmd", token.slice(0, -1), `${token}x`, token.replace("kmd.", "kmx."), token.toUpperCase(), `kmd.../${token}`]) expect(displayIdOf(bad)).toBeUndefined();
  });

  it("are kept only as a SHA-256 that is not the token and differs per token", async () => {
    const { token } = newDisplayToken();
    const h = await hashDisplayToken(token);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(token.split(".")[2]!);
    expect(await hashDisplayToken(token)).toBe(h);
    expect(await hashDisplayToken(newDisplayToken().token)).not.toBe(h);
    // The SHA-256 of "abc", as the standard gives it.
    expect(await hashDisplayToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("sameHash compares exactly", () => {
    expect(sameHash("abcd", "abcd")).toBe(true);
    expect(sameHash("abcd", "abce")).toBe(false);
    expect(sameHash("abcd", "abc")).toBe(false);
  });

  it("link paths open the wall with the token", () => {
    expect(displayLinkPath("kmd.0123456789ab.x")).toBe("/noc/link/kmd.0123456789ab.x");
  });
});

describe("displayVerdict", () => {
  it("a stored display opens the wall with its own token, before expiry, until revoked", async () => {
    const { token, rec } = await record();
    const h = await hashDisplayToken(token);
    expect(displayVerdict(rec, h, NOW)).toBe("valid");
    // No idle limit: a year after its last use it still works.
    expect(displayVerdict(rec, h, Date.parse("2027-04-30T23:59:59Z"))).toBe("valid");
    expect(displayVerdict(rec, h, Date.parse("2027-05-01T00:00:00Z"))).toBe("expired");
    expect(displayVerdict({ ...rec, revokedAt: "2026-05-20T00:00:00Z", revokedBy: "admin" }, h, NOW)).toBe("revoked");
  });

  it("another token, no record, or a record with a broken expiry opens nothing", async () => {
    const { token, rec } = await record();
    const other = await record();
    expect(displayVerdict(rec, await hashDisplayToken(other.token), NOW)).toBe("unknown");
    expect(displayVerdict(undefined, await hashDisplayToken(token), NOW)).toBe("unknown");
    expect(displayVerdict({ ...rec, expiresAt: "never" }, await hashDisplayToken(token), NOW)).toBe("expired");
  });
});

describe("CreateDisplaySchema", () => {
  it("wants a name and a lifetime from one day to ten years", () => {
    expect(CreateDisplaySchema.parse({ name: "  Wall 1 ", days: 365 })).toEqual({ name: "Wall 1", days: 365 });
    expect(CreateDisplaySchema.safeParse({ name: "", days: 1 }).success).toBe(false);
    expect(CreateDisplaySchema.safeParse({ name: "x", days: 0 }).success).toBe(false);
    expect(CreateDisplaySchema.safeParse({ name: "x", days: 3651 }).success).toBe(false);
  });
});
