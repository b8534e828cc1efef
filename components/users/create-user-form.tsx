"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toaster";
import { RoleCheckboxes } from "@/components/users/role-checkboxes";
import { firstErrors, firstServerErrors, focusFirstInvalid } from "@/components/users/field-errors";
import { useUsersCache } from "@/components/users/use-users-cache";
import { CreateUserSchema, type Role } from "@/lib/schemas/auth";

interface Draft {
  username: string;
  password: string;
  roles: Role[];
}
const EMPTY: Draft = { username: "", password: "", roles: [] };
const ORDER: [string, string][] = [["username", "new-user-name"], ["password", "new-user-password"], ["roles", "new-user-roles-platform-admin"]];

/** Checked on the client with the schema users.create itself uses; the input stays when anything is refused. */
export function CreateUserForm() {
  const trpc = useTRPC();
  const toast = useToast();
  const users = useUsersCache();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const create = useMutation(trpc.users.create.mutationOptions({
    onSuccess: (_d, input) => {
      users.add({ username: input.username, roles: input.roles, disabled: false, source: "password" });
      toast(`User ${input.username} created`);
      setDraft(EMPTY);
    },
    onError: (err, input) => {
      const fields = firstServerErrors(err.data?.zodError);
      if (err.data?.code === "CONFLICT") fields.username = `A user named ${input.username} already exists. Choose another name.`;
      setErrors(fields);
      setFormError(Object.keys(fields).length ? undefined : `Could not create ${input.username}: ${err.message}`);
      focusFirstInvalid(fields, ORDER);
    },
  }));
  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // An edited field's old error no longer applies.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    const parsed = CreateUserSchema.safeParse(draft);
    if (!parsed.success) {
      const found = firstErrors(parsed.error);
      setErrors(found);
      focusFirstInvalid(found, ORDER);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  return (
    <form aria-labelledby="new-user-title" className="space-y-4" noValidate onSubmit={submit}>
      <h2 id="new-user-title" className="text-lg font-semibold">New user</h2>
      {formError && <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 px-3 py-2 text-sm text-alarm">{formError}</p>}
      <div className="grid gap-4 md:grid-cols-2">
        <div className="space-y-4">
          <TextField id="new-user-name" label="User name" autoComplete="off" spellCheck={false} hint="Used to sign in, e.g. jane.doe"
            value={draft.username} error={errors.username} onChange={(e) => edit({ username: e.target.value })} />
          <TextField id="new-user-password" label="Password" type="password" autoComplete="new-password" hint="12 characters or more; hand it over through a safe channel"
            value={draft.password} error={errors.password} onChange={(e) => edit({ password: e.target.value })} />
        </div>
        <RoleCheckboxes idPrefix="new-user-roles" value={draft.roles} error={errors.roles} onChange={(roles) => edit({ roles })} />
      </div>
      <Button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create user"}</Button>
    </form>
  );
}
