import { describe, expect, it } from "vitest";
import { DisableSsoUserSchema, LoginSchema, SetDisabledSchema } from "@/lib/schemas/auth";

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

describe("SetDisabledSchema and DisableSsoUserSchema", () => {
  const problem = (schema: typeof DisableSsoUserSchema | typeof SetDisabledSchema, username: string) => {
    const r = schema.safeParse({ username, disabled: true });
    return r.success ? undefined : r.error.issues[0]?.message;
  };
  it("take a password user's name or a single sign-on name", () => {
    expect(SetDisabledSchema.parse({ username: " alice ", disabled: true })).toEqual({ username: "alice", disabled: true });
    expect(SetDisabledSchema.parse({ username: "oidc:Alice@Example.com", disabled: false })).toEqual({ username: "oidc:Alice@Example.com", disabled: false });
    expect(DisableSsoUserSchema.parse({ username: " oidc:x " })).toEqual({ username: "oidc:x" });
    expect(problem(SetDisabledSchema, `oidc:${"a".repeat(200)}`)).toBeUndefined();
  });
  it("refuse single sign-on names that no sign-in could produce, with the reason", () => {
    expect(problem(SetDisabledSchema, "oidc:")).toMatch(/after "oidc:"/);
    expect(problem(SetDisabledSchema, `oidc:${"a".repeat(201)}`)).toMatch(/At most 200 characters/);
    expect(problem(SetDisabledSchema, "oidc:zoë")).toMatch(/printable ASCII/);
    expect(problem(SetDisabledSchema, "oidc:a b")).toMatch(/printable ASCII/);
    expect(problem(SetDisabledSchema, "oidc:System:admin")).toMatch(/system: names/);
    expect(problem(SetDisabledSchema, "Alice")).toMatch(/Lower-case letters/);
    expect(problem(DisableSsoUserSchema, "alice")).toMatch(/start with "oidc:"/);
    expect(problem(DisableSsoUserSchema, "")).toMatch(/Enter the single sign-on user's name/);
  });
});
