import { describe, expect, it } from "vitest";
import { cookieFrom, DEVICE_MAX_AGE_SECONDS, knownDevice, rememberDevice } from "@/server/auth/device-cookie";

const secret = "s".repeat(32);
const now = 1_800_000_000;

describe("device cookie", () => {
  it("knows the browser for the user it signed in as, and for no one else", () => {
    const cookie = rememberDevice(undefined, "admin", secret, now);
    const device = knownDevice(cookie, "admin", secret, now);
    expect(device).toMatch(/^admin#[\w-]{22}$/);
    expect(knownDevice(cookie, "alice", secret, now)).toBeUndefined();
    expect(knownDevice(undefined, "admin", secret, now)).toBeUndefined();
  });

  it("refuses a token signed with another key, altered, or renamed to another user", () => {
    const cookie = rememberDevice(undefined, "alice", secret, now);
    expect(knownDevice(cookie, "alice", "t".repeat(32), now)).toBeUndefined();
    const [v, , device, iat, sig] = cookie.split(".");
    const renamed = [v, Buffer.from("admin").toString("base64url"), device, iat, sig].join(".");
    expect(knownDevice(renamed, "admin", secret, now)).toBeUndefined();
    expect(knownDevice(cookie.slice(0, -2) + "AA", "alice", secret, now)).toBeUndefined();
    expect(knownDevice("v1.x.y.z", "alice", secret, now)).toBeUndefined();
  });

  it("expires", () => {
    const cookie = rememberDevice(undefined, "admin", secret, now);
    expect(knownDevice(cookie, "admin", secret, now + DEVICE_MAX_AGE_SECONDS - 1)).toBeDefined();
    expect(knownDevice(cookie, "admin", secret, now + DEVICE_MAX_AGE_SECONDS)).toBeUndefined();
  });

  it("keeps the other users of a shared browser, the most recent five", () => {
    let cookie: string | undefined;
    for (const u of ["u1", "u2", "u3", "u4", "u5", "u6"]) cookie = rememberDevice(cookie, u, secret, now);
    expect(knownDevice(cookie, "u1", secret, now)).toBeUndefined();
    for (const u of ["u2", "u3", "u4", "u5", "u6"]) expect(knownDevice(cookie, u, secret, now)).toBeDefined();
    const again = rememberDevice(cookie, "u3", secret, now);
    expect(again.split("~")).toHaveLength(5);
    expect(knownDevice(again, "u3", secret, now)).not.toBe(knownDevice(cookie, "u3", secret, now));
  });

  it("reads one cookie of a Cookie header", () => {
    expect(cookieFrom("a=1; kmetal-device=v1.x~v1.y; b=2", "kmetal-device")).toBe("v1.x~v1.y");
    expect(cookieFrom("kmetal-devicex=1", "kmetal-device")).toBeUndefined();
    expect(cookieFrom(null, "kmetal-device")).toBeUndefined();
  });
});
