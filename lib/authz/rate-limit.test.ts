import { describe, expect, it } from "vitest";
import { FailureLimiter } from "@/lib/authz/rate-limit";

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
});
