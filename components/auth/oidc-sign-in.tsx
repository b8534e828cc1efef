"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { LoginState } from "@/lib/schemas/auth";

/** "Sign in with <name>": a server action sends the browser to the identity provider. */
export function OidcSignIn({ action, callbackUrl, name }: { action: (s: LoginState, f: FormData) => Promise<LoginState>; callbackUrl: string; name: string }) {
  const t = useTranslations("login");
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.error && (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 px-3 py-2 text-sm text-alarm">
          {state.error}
        </p>
      )}
      <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
        {pending ? t("redirecting") : t("signInWith", { name })}
      </Button>
    </form>
  );
}
