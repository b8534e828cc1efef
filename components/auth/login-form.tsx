"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { LoginState } from "@/lib/schemas/auth";

export function LoginForm({ action, callbackUrl }: { action: (s: LoginState, f: FormData) => Promise<LoginState>; callbackUrl: string }) {
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
          <label htmlFor={f} className="block text-sm font-medium">
            {f === "username" ? "User name" : "Password"}
          </label>
          <input
            id={f}
            name={f}
            type={f === "password" ? "password" : "text"}
            autoComplete={f === "password" ? "current-password" : "username"}
            defaultValue={f === "username" ? state.username : undefined}
            aria-invalid={!!fieldError(f)}
            aria-describedby={fieldError(f) ? `${f}-error` : undefined}
            className="block w-full rounded-md border border-border bg-surface px-3 py-2 text-sm"
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
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
