import { createTranslator } from "next-intl";
import { OIDC_NAME_MAX } from "@/lib/authz/oidc";
import en from "@/messages/en.json";

// The login page explains the ?error= codes it is sent to: the refusals of the signIn callback
// (server/auth/config.ts) and the error types of Auth.js (pages.error is the login page).
const CODES = ["oidc-no-role", "oidc-no-name", "oidc-bad-name", "oidc-disabled", "OAuthCallbackError", "AccessDenied"] as const;
type Code = (typeof CODES)[number];
const isCode = (c: string): c is Code => (CODES as readonly string[]).includes(c);

/** A translator of the "login.errors" messages; by default the English one (tests, and callers without a locale). */
export type SignInErrorTranslator = (key: Code | "failed", values: { max: number }) => string;
const english: SignInErrorTranslator = (key, values) => createTranslator({ locale: "en", messages: en, namespace: "login.errors" })(key, values);

/** The message for a ?error= code; undefined when there is none. Unknown codes get a general one. */
export function signInErrorMessage(code: string | undefined, t: SignInErrorTranslator = english): string | undefined {
  if (!code) return undefined;
  return t(isCode(code) ? code : "failed", { max: OIDC_NAME_MAX });
}
