"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { StatusPill } from "@/components/ui/status-pill";
import { useToast } from "@/components/ui/toaster";
import { DisableUser } from "@/components/users/disable-user";
import { EditRoles } from "@/components/users/edit-roles";
import { ResetPassword } from "@/components/users/reset-password";
import { useUsersCache, type UserRecord } from "@/components/users/use-users-cache";

type Panel = "roles" | "password" | "disable";
export const USER_COLUMNS = ["Name", "Roles", "State", "Actions"] as const;

/** A user's row, and under it the one action panel that is open for them. */
export function UserRow({ user, isSelf }: { user: UserRecord; isSelf: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const users = useUsersCache();
  const [panel, setPanel] = useState<Panel | null>(null);
  const enable = useMutation(trpc.users.setDisabled.mutationOptions({
    onSuccess: () => {
      users.update(user.username, { disabled: false });
      toast(`${user.username} enabled; they can sign in again`);
    },
    onError: (err) => toast(`Could not enable ${user.username}: ${err.message}`, "alarm"),
  }));
  const id = `user-${user.username}-${panel ?? "none"}`;
  const openerId = (which: Panel) => `user-${user.username}-${which}-opener`;
  const opener = (which: Panel) => ({
    id: openerId(which),
    "aria-expanded": panel === which,
    "aria-controls": panel === which ? id : undefined,
    onClick: () => setPanel(panel === which ? null : which),
  });
  const close = () => setPanel(null);
  const sso = user.source === "oidc";
  return (
    <>
      <tr className="border-t border-border align-top">
        <th scope="row" className="px-4 py-3 font-medium">
          {user.username}
          {isSelf && <span className="ml-2 text-xs font-normal text-fg-muted">(you)</span>}
        </th>
        <td className="px-4 py-3 font-mono text-xs">
          {/* Not in the row header, whose text is the user name alone. */}
          {sso ? (
            <span className="font-sans">
              <StatusPill tone="neutral">single sign-on</StatusPill>
              <span className="mt-1 block text-fg-muted">Roles from their groups at each sign-in</span>
            </span>
          ) : user.roles.length ? user.roles.join(", ") : "–"}
        </td>
        <td className="px-4 py-3">
          <StatusPill tone={user.disabled ? "alarm" : "ok"}>{user.disabled ? "Disabled" : "Enabled"}</StatusPill>
        </td>
        <td className="px-4 py-2">
          <div className="flex flex-wrap gap-1">
            {/* A single sign-on user's roles and password live at the identity provider: only Disable/Enable here. */}
            {!sso && <Button size="sm" variant="ghost" aria-label={`Change roles of ${user.username}`} {...opener("roles")}>Change roles</Button>}
            {!sso && <Button size="sm" variant="ghost" aria-label={`Reset password of ${user.username}`} {...opener("password")}>Reset password</Button>}
            {/* One button that flips between Disable and Enable, so focus returns to it after either. */}
            {(user.disabled || !isSelf) && (
              // Not `disabled` while enabling: a disabled button drops keyboard focus.
              <Button size="sm" variant="ghost" className={user.disabled ? undefined : "text-alarm"} aria-disabled={enable.isPending || undefined}
                aria-label={user.disabled ? `Enable ${user.username}` : `Disable ${user.username}`}
                {...(user.disabled ? { id: openerId("disable"), onClick: () => { if (!enable.isPending) enable.mutate({ username: user.username, disabled: false }); } } : opener("disable"))}>
                {user.disabled ? (enable.isPending ? "Enabling…" : "Enable") : "Disable…"}
              </Button>
            )}
          </div>
        </td>
      </tr>
      {panel && (
        <tr>
          <td colSpan={USER_COLUMNS.length} className="px-4 pb-4">
            {panel === "roles" && !sso && <EditRoles id={id} openerId={openerId(panel)} user={user} isSelf={isSelf} onClose={close} />}
            {panel === "password" && !sso && <ResetPassword id={id} openerId={openerId(panel)} user={user} onClose={close} />}
            {panel === "disable" && <DisableUser id={id} openerId={openerId(panel)} username={user.username} sso={sso} onClose={close} />}
          </td>
        </tr>
      )}
    </>
  );
}
