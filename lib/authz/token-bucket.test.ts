import { describe, expect, it } from "vitest";
import { OpenCounter, TokenBuckets } from "@/lib/authz/token-bucket";

describe("TokenBuckets", () => {
  it("allows a burst, then refuses with the wait until the next token", () => {
    const b = new TokenBuckets(3, 60); // one token a second
    expect([b.take("u", 0), b.take("u", 0), b.take("u", 0)]).toEqual([0, 0, 0]);
    expect(b.take("u", 0)).toBe(1);
    expect(b.take("u", 500)).toBe(1);
    expect(b.take("u", 1_000)).toBe(0);
    expect(b.take("u", 1_000)).toBeGreaterThan(0);
  });

  it("keeps keys apart and never holds more than the burst", () => {
    const b = new TokenBuckets(2, 60);
    b.take("a", 0);
    b.take("a", 0);
    expect(b.take("a", 0)).toBeGreaterThan(0);
    expect(b.take("b", 0)).toBe(0);
    // An hour idle refills to the burst, not to 60 tokens.
    const allowed = Array.from({ length: 5 }, () => b.take("a", 3_600_000)).filter((w) => w === 0).length;
    expect(allowed).toBe(2);
  });

  it("forgets idle keys", () => {
    const b = new TokenBuckets(2, 60);
    for (let i = 0; i < 100; i++) b.take(`k${i}`, 0);
    expect(b.size).toBe(100);
    b.take("late", 10_000);
    expect(b.size).toBe(1);
  });
});

describe("OpenCounter", () => {
  it("caps open items per key and frees them once each", () => {
    const c = new OpenCounter(2);
    const r1 = c.acquire("u")!;
    const r2 = c.acquire("u")!;
    expect(c.acquire("u")).toBeUndefined();
    expect(c.acquire("v")).toBeDefined();
    r1();
    r1(); // a second release is ignored
    expect(c.count("u")).toBe(1);
    expect(c.acquire("u")).toBeDefined();
    r2();
  });
});
