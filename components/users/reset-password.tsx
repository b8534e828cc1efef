"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";
import { ActionPanel } from "@/components/users/action-panel";
import { firstErrors, firstServerErrors } from "@/components/users/field-errors";
import type { UserRecord } from "@/components/users/use-users-cache";
import { ResetPasswordSchema } from "@/lib/schemas/auth";

export function ResetPassword({ id, openerId, user, onClose }: { id: string; openerId: string; user: UserRecord; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({
    onSuccess: (_d, input) => {
      toast(`Password of ${input.username} reset`);
      onClose();
    },
    onError: (err) => setError(firstServerErrors(err.data?.zodError).password ?? err.message),
  }));
  const field = `${id}-password`;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = ResetPasswordSchema.safeParse({ username: user.username, password });
    if (!parsed.success) {
      setError(firstErrors(parsed.error).password ?? parsed.error.issues[0]?.message);
      document.getElementById(field)?.focus();
      return;
    }
    setError(undefined);
    reset.mutate(parsed.data);
  };
  return (
    <ActionPanel id={id} openerId={openerId} title={`Reset the password of ${user.username}`} onClose={onClose}
      description={<p className="text-fg-muted">The old password stops working at once. Hand the new one over through a safe channel.</p>}>
      <form className="space-y-3" noValidate onSubmit={submit}>
        <TextField id={field} label={`New password for ${user.username}`} type="password" autoComplete="new-password" className="max-w-sm"
          value={password} error={error} onChange={(e) => { setPassword(e.target.value); setError(undefined); }} />
        <div className="flex gap-2">
          <Button type="submit" size="sm" disabled={reset.isPending}>{reset.isPending ? "Resetting…" : "Reset password"}</Button>
          <Button type="button" size="sm" variant="ghost" onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </ActionPanel>
  );
}
