import { describe, expect, it } from "vitest";
import { authConfig } from "@/server/auth/config";
import { isSignedOut, markSignedOut } from "@/server/auth/signed-out";

describe("signed-out sessions", () => {
  it("are refused until they would have ended anyway, by user and sign-in time", () => {
    markSignedOut("alice", 1000, 2000, 1500);
    expect(isSignedOut("alice", 1000, 1500)).toBe(true);
    expect(isSignedOut("alice", 1001, 1500)).toBe(false); // another session of alice
    expect(isSignedOut("bob", 1000, 1500)).toBe(false);
    expect(isSignedOut("alice", 1000, 2000)).toBe(false);
  });

  it("make the session check drop a token that a late response would refresh", async () => {
    const cfg = authConfig({ idle: "30m", maxAge: "12h" });
    const now = Math.floor(Date.now() / 1000);
    const token = { name: `carol-${now}`, roles: [], loginAt: now - 60, seenAt: now - 5, provider: "credentials", recordId: "uid-1" };
    const jwt = cfg.callbacks!.jwt! as unknown as (p: { token: typeof token }) => Promise<unknown> | unknown;
    expect(await jwt({ token: { ...token } })).not.toBeNull();
    await (cfg.events!.signOut! as unknown as (m: { token: typeof token }) => unknown)({ token: { ...token } });
    expect(await jwt({ token: { ...token } })).toBeNull();
  });
});
