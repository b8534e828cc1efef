import { describe, expect, it } from "vitest";
import { LoginSchema } from "@/lib/schemas/auth";

describe("LoginSchema", () => {
  it("accepts a valid login and trims the user name", () => {
    expect(LoginSchema.parse({ username: " admin ", password: "x" })).toEqual({ username: "admin", password: "x" });
  });
  it("names the failing field", () => {
    const r = LoginSchema.safeParse({ username: "Admin!", password: "" });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => i.path[0]);
    expect(fields).toContain("username");
    expect(fields).toContain("password");
  });
});
