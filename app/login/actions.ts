"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { OIDC_PROVIDER_ID } from "@/lib/authz/oidc";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { LoginSchema } from "@/lib/schemas/auth";
import { signIn } from "@/server/auth";

import type { LoginState } from "@/lib/schemas/auth";

const OIDC_UNAVAILABLE = "Single sign-on is unavailable right now. Try again later, or ask an administrator to check the console's log.";

// Both actions check the hidden callbackUrl field again (safeCallbackPath): a form can be posted with any value.
export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const username = String(form.get("username") ?? "");
  const parsed = LoginSchema.safeParse({ username, password: form.get("password") });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, username };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(form.get("callbackUrl")) });
    return {};
  } catch (err) {
    if (err instanceof AuthError) {
      if (err.type === "CredentialsSignin" && (err as { code?: string }).code === "rate_limited") {
        return { error: "Too many failed sign-ins. Wait a few minutes and try again.", username };
      }
      return err.type === "CredentialsSignin"
        ? { error: "Wrong user name or password.", username }
        : { error: "Sign-in is unavailable: the console cannot reach the under cluster. Check `npx kmetal status` and try again.", username };
    }
    throw err; // the success redirect is thrown too
  }
}

/** Single sign-on: off to the identity provider, which sends the user back to /api/auth/callback/oidc. */
export async function loginWithOidc(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackPath(form.get("callbackUrl")) });
    return {};
  } catch (err) {
    // An unreachable issuer does not throw: Auth.js redirects to the error page (/login?error=…).
    if (err instanceof AuthError) return { error: OIDC_UNAVAILABLE };
    throw err; // the redirect to the identity provider is thrown too
  }
}
