import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "@/components/auth/sign-in-error";
import type { OidcRefusal } from "@/lib/authz/oidc";
import de from "@/messages/de.json";

describe("signInErrorMessage", () => {
  it("explains the single sign-on refusals", () => {
    expect(signInErrorMessage("oidc-no-role")).toMatch(/in no group that has access to the console/);
    expect(signInErrorMessage("oidc-no-name")).toMatch(/no user name the console can use/);
    expect(signInErrorMessage("oidc-bad-name")).toMatch(/at most 200 characters, all printable ASCII/);
    // server/auth/index.ts: a single sign-on user whom a platform admin disabled.
    expect(signInErrorMessage("oidc-disabled")).toMatch(/disabled in this console/);
  });
  it("has its own message for every refusal of the signIn callback", () => {
    const refusals: OidcRefusal[] = ["oidc-no-name", "oidc-bad-name", "oidc-no-role"];
    for (const code of refusals) expect(signInErrorMessage(code)).not.toMatch(/^Single sign-on failed/);
  });
  it("says nothing without a code and something general for any other code", () => {
    expect(signInErrorMessage(undefined)).toBeUndefined();
    expect(signInErrorMessage("")).toBeUndefined();
    expect(signInErrorMessage("Configuration")).toMatch(/^Single sign-on failed/);
    expect(signInErrorMessage("toString")).toMatch(/^Single sign-on failed/);
  });
  it("speaks the language of the translator it is given", () => {
    const t = createTranslator({ locale: "de", messages: de, namespace: "login.errors" });
    expect(signInErrorMessage("oidc-bad-name", t)).toMatch(/höchstens 200 Zeichen/);
    expect(signInErrorMessage("Configuration", t)).toMatch(/^Single Sign-on ist fehlgeschlagen/);
  });
});
