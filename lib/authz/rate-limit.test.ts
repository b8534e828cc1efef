import { describe, expect, it } from "vitest";
import { addressKey, FailureLimiter, LOGIN_LIMITS, LoginLimiter, UNKNOWN_ADDRESS } from "@/lib/authz/rate-limit";

describe("FailureLimiter", () => {
  it("blocks a key after max failures within the window, and frees it when they age out", () => {
    let now = 0;
    const l = new FailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter("alice")).toBe(0);
      l.fail("alice");
      now += 1_000;
    }
    expect(l.retryAfter("alice")).toBe(57_000);
    expect(l.retryAfter("bob")).toBe(0); // other keys are not affected
    now = 60_001;
    expect(l.retryAfter("alice")).toBe(0);
  });
  it("forgets a key on success", () => {
    const l = new FailureLimiter(1, 60_000, () => 0);
    l.fail("a");
    l.reset("a");
    expect(l.retryAfter("a")).toBe(0);
  });
  it("drops keys that were never used again once a window has passed", () => {
    let now = 0;
    const l = new FailureLimiter(5, 60_000, () => now);
    for (let i = 0; i < 100; i++) l.fail(`user-${i}`);
    expect(l.size).toBe(100);
    now = 60_000;
    l.fail("late");
    expect(l.size).toBe(1);
  });
});

describe("addressKey", () => {
  it("keys IPv4 addresses as they are and an unknown address as one shared key", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey(undefined)).toBe(UNKNOWN_ADDRESS);
    expect(addressKey("")).toBe(UNKNOWN_ADDRESS);
  });
  it("keys IPv6 addresses by their /64, however they are written", () => {
    const key = "2001:db8:1:2::/64";
    for (const a of ["2001:db8:1:2::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:0db8:0001:0002:0:0:0:9", "2001:db8:1:2::7%eth0"]) expect(addressKey(a)).toBe(key);
    expect(addressKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1")).toBe("fe80:0:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(addressKey("1:2:3:4:5:6:192.0.2.1")).toBe("1:2:3:4::/64");
  });
});

describe("LoginLimiter", () => {
  const setup = () => {
    const clock = { now: 0 };
    return { clock, l: new LoginLimiter(LOGIN_LIMITS, () => clock.now) };
  };
  const failTimes = (l: LoginLimiter, n: number, user: (i: number) => string, address: (i: number) => string | undefined) => {
    for (let i = 0; i < n; i++) {
      expect(l.refused(user(i), address(i))).toBe(false);
      l.begin(user(i), address(i))!.failed();
    }
  };

  it("locks a user out at the address that failed 5 times, not at any other", () => {
    const { clock, l } = setup();
    failTimes(l, 5, () => "admin", () => "198.51.100.66");
    expect(l.refused("admin", "198.51.100.66")).toBe(true);
    expect(l.refused("admin", "203.0.113.7")).toBe(false);
    expect(l.refused("admin", undefined)).toBe(false);
    expect(l.refused("alice", "198.51.100.66")).toBe(false);
    clock.now = 5 * 60_000;
    expect(l.refused("admin", "198.51.100.66")).toBe(false);
  });

  it("refuses an address after 30 failures across user names", () => {
    const { l } = setup();
    failTimes(l, 30, (i) => `user-${i}`, () => "198.51.100.66");
    expect(l.refused("someone-new", "198.51.100.66")).toBe(true);
    expect(l.refused("someone-new", "203.0.113.7")).toBe(false);
  });

  it("counts an IPv6 /64 as one address", () => {
    const { l } = setup();
    failTimes(l, 30, (i) => `user-${i}`, (i) => `2001:db8:1:2::${(i + 1).toString(16)}`);
    expect(l.refused("someone-new", "2001:db8:1:2:ffff::1")).toBe(true);
    expect(l.refused("someone-new", "2001:db8:1:3::1")).toBe(false);
  });

  it("caps a user at 50 failures in 15 minutes across addresses", () => {
    const { clock, l } = setup();
    failTimes(l, 50, () => "admin", (i) => `198.51.100.${i}`);
    expect(l.refused("admin", "203.0.113.7")).toBe(true);
    expect(l.refused("alice", "203.0.113.7")).toBe(false);
    clock.now = 15 * 60_000;
    expect(l.refused("admin", "203.0.113.7")).toBe(false);
  });

  it("shares one key for every unknown address", () => {
    const { l } = setup();
    failTimes(l, 5, () => "admin", () => undefined);
    expect(l.refused("admin", undefined)).toBe(true);
    expect(l.refused("admin", "203.0.113.7")).toBe(false);
  });

  it("a success clears only that user's failures at that address", () => {
    const { l } = setup();
    failTimes(l, 4, () => "admin", () => "203.0.113.7");
    failTimes(l, 25, (i) => `user-${i}`, () => "203.0.113.7");
    l.begin("admin", "203.0.113.7")!.succeeded();
    failTimes(l, 1, () => "admin", () => "203.0.113.7"); // 30 from the address now
    expect(l.refused("admin", "203.0.113.7")).toBe(true);
    const other = setup().l;
    failTimes(other, 4, () => "admin", () => "203.0.113.7");
    other.begin("admin", "203.0.113.7")!.succeeded();
    failTimes(other, 4, () => "admin", () => "203.0.113.7");
    expect(other.refused("admin", "203.0.113.7")).toBe(false);
  });

  it("a success does not clear the count across addresses", () => {
    const { l } = setup();
    failTimes(l, 49, () => "admin", (i) => `198.51.100.${i}`);
    l.begin("admin", "203.0.113.7")!.succeeded();
    failTimes(l, 1, () => "admin", () => "198.51.100.200");
    expect(l.refused("admin", "203.0.113.7")).toBe(true);
  });
});

describe("LoginLimiter.begin", () => {
  const tick = () => new Promise((r) => setTimeout(r, 1));

  it("counts an attempt when it starts: N parallel attempts against a limit of L process at most L", async () => {
    const l = new LoginLimiter(LOGIN_LIMITS, () => 0);
    // 35 wrong passwords for 35 names from one address, all in flight at once (the check awaits the store).
    const outcomes = await Promise.all(Array.from({ length: 35 }, async (_, i) => {
      const attempt = l.begin(`user-${i}`, "198.51.100.66");
      if (!attempt) return "refused";
      await tick();
      attempt.failed();
      return "processed";
    }));
    expect(outcomes.filter((o) => o === "processed")).toHaveLength(LOGIN_LIMITS.address.max);
    expect(l.refused("someone-new", "198.51.100.66")).toBe(true);
  });

  it("takes back an attempt that turned out right or got no verdict", async () => {
    const l = new LoginLimiter(LOGIN_LIMITS, () => 0);
    for (let i = 0; i < 29; i++) l.begin(`user-${i}`, "198.51.100.66")!.failed();
    for (let i = 0; i < 5; i++) l.begin("admin", "198.51.100.66")!.succeeded();
    l.begin("bob", "198.51.100.66")!.abandoned();
    expect(l.refused("someone-new", "198.51.100.66")).toBe(false);
    l.begin("carol", "198.51.100.66")!.failed();
    expect(l.refused("someone-new", "198.51.100.66")).toBe(true);
  });

  it("never refuses a known browser for another's failures, and limits its own", () => {
    const clock = { now: 0 };
    const l = new LoginLimiter(LOGIN_LIMITS, () => clock.now);
    // The flood: no trusted proxy (one shared address), wrong passwords for admin from unknown browsers.
    let flood = 0;
    for (let a = l.begin("admin", undefined); a; a = l.begin("admin", undefined)) {
      a.failed();
      flood++;
    }
    expect(flood).toBe(LOGIN_LIMITS.userAtAddress.max);
    for (let i = 0; i < 40; i++) l.begin(`user-${i}`, undefined)?.failed();
    expect(l.refused("admin", undefined)).toBe(true);
    // admin's own browser (device id from a valid device cookie) still gets to check its password.
    const known = l.begin("admin", undefined, "admin#device-1");
    expect(known?.knownDevice).toBe(true);
    known!.succeeded();
    // Its own guesses are limited: past LOGIN_LIMITS.device it is an unknown browser again, and refused now.
    for (let i = 0; i < LOGIN_LIMITS.device.max; i++) l.begin("admin", undefined, "admin#device-1")!.failed();
    expect(l.begin("admin", undefined, "admin#device-1")).toBeUndefined();
    expect(l.begin("admin", undefined, "admin#device-2")?.knownDevice).toBe(true);
    clock.now = LOGIN_LIMITS.device.windowMs;
    expect(l.begin("admin", undefined, "admin#device-1")?.knownDevice).toBe(true);
  });
});
