import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "@/components/auth/sign-in-error";

describe("signInErrorMessage", () => {
  it("explains the single sign-on refusals", () => {
    expect(signInErrorMessage("oidc-no-role")).toMatch(/in no group that has access to the console/);
    expect(signInErrorMessage("oidc-no-name")).toMatch(/no user name the console can use/);
  });
  it("says nothing without a code and something general for any other code", () => {
    expect(signInErrorMessage(undefined)).toBeUndefined();
    expect(signInErrorMessage("")).toBeUndefined();
    expect(signInErrorMessage("Configuration")).toMatch(/^Single sign-on failed/);
    expect(signInErrorMessage("toString")).toMatch(/^Single sign-on failed/);
  });
});
