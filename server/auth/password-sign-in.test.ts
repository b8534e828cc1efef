import { describe, expect, it, vi } from "vitest";
import { LOGIN_LIMITS, LoginLimiter } from "@/lib/authz/rate-limit";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { signInWithPassword } from "@/server/auth/password-sign-in";

// The sign-in flow of the password provider, with the real scrypt check: only the user store's lookup is a
// plain function here (server/services/users.int.test.ts checks that against the under cluster). Each scrypt
// check takes tens of milliseconds, more on a busy machine: the tests get time for their few dozen.
vi.setConfig({ testTimeout: 60_000 });
const secret = "k".repeat(32);

async function setup() {
  const hashes = new Map([["admin", await hashPassword("the-right-password")]]);
  let checked = 0;
  const authenticate = async (username: string, password: string) => {
    checked++;
    const hash = hashes.get(username);
    return hash && (await verifyPassword(password, hash)) ? { username } : undefined;
  };
  const deps = { limiter: new LoginLimiter(), secret, authenticate };
  const signIn = (username: string, password: string, deviceCookie?: string) =>
    signInWithPassword(deps, { username, password, address: undefined, deviceCookie });
  return { signIn, checked: () => checked };
}

describe("signInWithPassword", () => {
  it("checks at most the limit's number of passwords when attempts arrive in parallel", async () => {
    const { signIn, checked } = await setup();
    const results = await Promise.all(Array.from({ length: 35 }, (_, i) => signIn(`user-${i}`, "guess")));
    expect(checked()).toBe(LOGIN_LIMITS.address.max);
    expect(results.filter((r) => r.outcome === "rate-limited")).toHaveLength(35 - LOGIN_LIMITS.address.max);
  });

  it("signs admin in from a browser that signed in before, while a flood from unknown browsers locks the rest out", async () => {
    const { signIn } = await setup();
    const first = await signIn("admin", "the-right-password");
    expect(first.outcome).toBe("signed-in");
    const deviceCookie = first.outcome === "signed-in" ? first.deviceCookie : undefined;
    expect(deviceCookie).toBeDefined();

    // The attacker: wrong passwords for admin, and for anyone, from browsers without the cookie.
    const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(i % 2 ? "admin" : `user-${i}`, `guess-${i}`)));
    expect(flood.some((r) => r.outcome === "rate-limited")).toBe(true);
    // Even the right password is refused from an unknown browser now...
    expect((await signIn("admin", "the-right-password")).outcome).toBe("rate-limited");
    // ...but not from admin's own browser, nor from it with an older cookie for another user beside it.
    expect((await signIn("admin", "the-right-password", deviceCookie)).outcome).toBe("signed-in");
    // A cookie copied onto another user's name is no key to that user's limit.
    expect((await signIn("user-1", "the-right-password", deviceCookie)).outcome).toBe("rate-limited");
  });

  it("gives a known browser a limit of its own for its wrong passwords", async () => {
    const { signIn } = await setup();
    const first = await signIn("admin", "the-right-password");
    const deviceCookie = first.outcome === "signed-in" ? first.deviceCookie : undefined;
    const outcomes = [];
    for (let i = 0; i < LOGIN_LIMITS.device.max + LOGIN_LIMITS.userAtAddress.max + 1; i++) outcomes.push((await signIn("admin", "wrong", deviceCookie)).outcome);
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(LOGIN_LIMITS.device.max + LOGIN_LIMITS.userAtAddress.max);
    expect(outcomes.at(-1)).toBe("rate-limited");
  });
});
