"use server";

import { AuthError } from "next-auth";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { OIDC_PROVIDER_ID } from "@/lib/authz/oidc";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { LoginSchema } from "@/lib/schemas/auth";
import { signIn } from "@/server/auth";

import type { LoginState } from "@/lib/schemas/auth";

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
      const t = await getTranslations("login.errors");
      if (err.type === "CredentialsSignin" && (err as { code?: string }).code === "rate_limited") {
        return { error: t("rateLimited"), username };
      }
      return err.type === "CredentialsSignin"
        ? { error: t("wrongCredentials"), username }
        : { error: t("unavailable", { command: "npx kmetal status" }), username };
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
    if (err instanceof AuthError) {
      const t = await getTranslations("login.errors");
      return { error: t("oidcUnavailable") };
    }
    throw err; // the redirect to the identity provider is thrown too
  }
}
