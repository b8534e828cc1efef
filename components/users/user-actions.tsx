"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { DisableUser } from "@/components/users/disable-user";
import { EditRoles } from "@/components/users/edit-roles";
import { ResetPassword } from "@/components/users/reset-password";
import { useUsersCache, type UserRecord } from "@/components/users/use-users-cache";

type Which = "roles" | "password" | "disable";

/** A user's row actions; each opens its dialog, and focus comes back to the button that opened it. */
export function UserActions({ user, isSelf }: { user: UserRecord; isSelf: boolean }) {
  const trpc = useTRPC();
  const users = useUsersCache();
  const [open, setOpen] = useState<Which | null>(null);
  const enable = useMutation(trpc.users.setDisabled.mutationOptions({
    onSuccess: () => {
      users.update(user.username, { disabled: false });
      toast.success(`${user.username} enabled; they can sign in again`);
    },
    onError: (err) => showMutationError(err, { title: `Could not enable ${user.username}` }),
  }));
  const sso = user.source === "oidc";
  const flip = (which: Which) => (o: boolean) => setOpen(o ? which : null);
  const u = user.username;
  const enableId = `user-${u}-enable`;
  return (
    <div className="flex flex-wrap gap-1">
      {/* A single sign-on user's roles and password live at the identity provider: only Disable/Enable here. */}
      {!sso && <EditRoles user={user} isSelf={isSelf} open={open === "roles"} onOpenChange={flip("roles")}
        trigger={<Button size="sm" variant="ghost" aria-label={`Change roles of ${u}`}>Change roles</Button>} />}
      {!sso && <ResetPassword user={user} open={open === "password"} onOpenChange={flip("password")}
        trigger={<Button size="sm" variant="ghost" aria-label={`Reset password of ${u}`}>Reset password</Button>} />}
      {user.disabled ? (
        // Not `disabled` while enabling: a disabled button drops keyboard focus.
        <Button id={enableId} size="sm" variant="ghost" aria-label={`Enable ${u}`} aria-disabled={enable.isPending || undefined}
          onClick={() => { if (!enable.isPending) enable.mutate({ username: u, disabled: false }); }}>
          {enable.isPending ? "Enabling…" : "Enable"}
        </Button>
      ) : !isSelf && (
        <DisableUser username={u} sso={sso} open={open === "disable"} onOpenChange={flip("disable")} returnFocusTo={enableId}
          trigger={<Button size="sm" variant="ghost" className="text-alarm" aria-label={`Disable ${u}`}>Disable…</Button>} />
      )}
    </div>
  );
}
