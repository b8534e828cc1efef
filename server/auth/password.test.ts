import { describe, expect, it } from "vitest";
import { hashPassword, randomPassword, verifyPassword } from "@/server/auth/password";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", () => {
    const h = hashPassword("correct horse battery");
    expect(h.startsWith("scrypt$")).toBe(true);
    expect(h).not.toContain("correct");
    expect(verifyPassword("correct horse battery", h)).toBe(true);
    expect(verifyPassword("correct horse batterY", h)).toBe(false);
  });
  it("salts every hash", () => {
    expect(hashPassword("same")).not.toBe(hashPassword("same"));
  });
  it("refuses a malformed stored hash", () => {
    expect(verifyPassword("x", "plain")).toBe(false);
  });
  it("makes long random passwords", () => {
    const p = randomPassword();
    expect(p.length).toBeGreaterThanOrEqual(20);
    expect(p).not.toBe(randomPassword());
  });
});
