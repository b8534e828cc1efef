import { describe, expect, it } from "vitest";
import { hashPassword, randomPassword, verifyPassword } from "@/server/auth/password";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h.startsWith("scrypt$")).toBe(true);
    expect(h).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", h)).toBe(true);
    expect(await verifyPassword("correct horse batterY", h)).toBe(false);
  });
  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
  it("refuses a malformed stored hash", async () => {
    expect(await verifyPassword("x", "plain")).toBe(false);
  });
  it("makes long random passwords", () => {
    const p = randomPassword();
    expect(p.length).toBeGreaterThanOrEqual(20);
    expect(p).not.toBe(randomPassword());
  });
  it("hashes off the event loop: a timer fires while a check runs", async () => {
    const h = await hashPassword("correct horse battery");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await Promise.all(Array.from({ length: 4 }, () => verifyPassword("correct horse battery", h)));
    } finally {
      clearInterval(timer);
    }
    // scryptSync would hold the loop for all four checks: not one tick.
    expect(ticks).toBeGreaterThan(0);
  });
});
