"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { LoginState } from "@/lib/schemas/auth";

export function LoginForm({ action, callbackUrl }: { action: (s: LoginState, f: FormData) => Promise<LoginState>; callbackUrl: string }) {
  const t = useTranslations("login");
  const [state, formAction, pending] = useActionState(action, {});
  const fieldError = (f: "username" | "password") => state.fieldErrors?.[f]?.[0];
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.error && (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 px-3 py-2 text-sm text-alarm">
          {state.error}
        </p>
      )}
      {(["username", "password"] as const).map((f) => (
        <div key={f} className="space-y-1">
          <Label htmlFor={f}>{t(f)}</Label>
          <Input
            id={f}
            name={f}
            type={f === "password" ? "password" : "text"}
            autoComplete={f === "password" ? "current-password" : "username"}
            defaultValue={f === "username" ? state.username : undefined}
            aria-invalid={!!fieldError(f)}
            aria-describedby={fieldError(f) ? `${f}-error` : undefined}
            required
          />
          {fieldError(f) && (
            <p id={`${f}-error`} className="text-sm text-alarm">
              {fieldError(f)}
            </p>
          )}
        </div>
      ))}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("signingIn") : t("signIn")}
      </Button>
    </form>
  );
}
