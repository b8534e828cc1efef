import { describe, expect, it } from "vitest";
import { isBranded } from "@/lib/branded";

// Two copies of one class, as two bundled chunks would each define it.
function defineCopy() {
  const BRAND = Symbol.for("kmetal.io/TestError");
  return class TestError extends Error {
    readonly [BRAND] = true;
    static [Symbol.hasInstance](value: unknown) {
      return isBranded(value, BRAND);
    }
  };
}

describe("isBranded", () => {
  it("recognises an instance of another copy of the class, and nothing else", () => {
    const A = defineCopy();
    const B = defineCopy();
    expect(A).not.toBe(B);
    expect(new A("x")).toBeInstanceOf(B);
    expect(new B("x") instanceof A).toBe(true);
    expect(new Error("x") instanceof A).toBe(false);
    expect({ [Symbol.for("kmetal.io/TestError")]: "yes" } instanceof A).toBe(false);
    expect(isBranded(null, Symbol.for("kmetal.io/TestError"))).toBe(false);
  });
});
