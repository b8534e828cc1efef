"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { ActionPanel } from "@/components/users/action-panel";
import { firstErrors, firstServerErrors } from "@/components/users/field-errors";
import { RoleCheckboxes } from "@/components/users/role-checkboxes";
import { useUsersCache, type UserRecord } from "@/components/users/use-users-cache";
import { Role, SetUserRolesSchema } from "@/lib/schemas/auth";

export function EditRoles({ id, openerId, user, isSelf, onClose }: { id: string; openerId: string; user: UserRecord; isSelf: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const users = useUsersCache();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [error, setError] = useState<string>();
  const save = useMutation(trpc.users.setRoles.mutationOptions({
    onSuccess: (_d, input) => {
      users.update(input.username, { roles: input.roles });
      toast(`Roles of ${input.username}: ${input.roles.join(", ")}`);
      onClose();
    },
    onError: (err) => setError(firstServerErrors(err.data?.zodError).roles ?? err.message),
  }));
  const prefix = `${id}-roles`;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = SetUserRolesSchema.safeParse({ username: user.username, roles });
    if (!parsed.success) {
      setError(firstErrors(parsed.error).roles ?? parsed.error.issues[0]?.message);
      document.getElementById(`${prefix}-${Role.options[0]}`)?.focus();
      return;
    }
    setError(undefined);
    save.mutate(parsed.data);
  };
  const unchanged = roles.length === user.roles.length && roles.every((r) => user.roles.includes(r));
  return (
    <ActionPanel id={id} openerId={openerId} title={`Change roles of ${user.username}`} onClose={onClose}
      description={<p className="text-fg-muted">New roles apply to their next request, in every open session.</p>}>
      <form className="space-y-3" noValidate onSubmit={submit}>
        <RoleCheckboxes idPrefix={prefix} value={roles} error={error} onChange={(r) => { setRoles(r); setError(undefined); }} />
        {isSelf && !roles.includes("platform-admin") && (
          <p className="text-sm text-warn">Without platform-admin you lose this page, and user management, with your next request.</p>
        )}
        <div className="flex gap-2">
          <Button type="submit" size="sm" disabled={save.isPending || unchanged}>{save.isPending ? "Saving…" : "Save roles"}</Button>
          <Button type="button" size="sm" variant="ghost" onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </ActionPanel>
  );
}
