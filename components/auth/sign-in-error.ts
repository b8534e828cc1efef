import { OIDC_NAME_MAX } from "@/lib/authz/oidc";

// The login page explains the ?error= codes it is sent to: the refusals of the signIn callback
// (server/auth/config.ts) and the error types of Auth.js (pages.error is the login page).
const MESSAGES: Record<string, string> = {
  "oidc-no-role": "Your single sign-on account is in no group that has access to the console. Ask an administrator to map one of your groups to a role.",
  "oidc-no-name": "Your single sign-on account has no user name the console can use. Ask an administrator to check the user-name claim.",
  "oidc-bad-name": `Your single sign-on user name cannot be used by the console: it may have at most ${OIDC_NAME_MAX} characters, all printable ASCII (no spaces or accented letters). Ask an administrator to choose another user-name claim.`,
  "oidc-disabled": "Your single sign-on account is disabled in this console. Ask a platform admin to enable it again.",
  OAuthCallbackError: "The identity provider did not complete the sign-in (cancelled or refused there). Try again.",
  AccessDenied: "Access denied.",
};
const FAILED = "Single sign-on failed. Try again later, or ask an administrator to check the console's log.";

/** The message for a ?error= code; undefined when there is none. Unknown codes get a general one. */
export function signInErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : FAILED;
}
