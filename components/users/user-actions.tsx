"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("users.actions");
  const trpc = useTRPC();
  const users = useUsersCache();
  const [open, setOpen] = useState<Which | null>(null);
  const enable = useMutation(trpc.users.setDisabled.mutationOptions({
    onSuccess: () => {
      users.update(user.username, { disabled: false });
      toast.success(t("enabled", { name: user.username }));
    },
    onError: (err) => showMutationError(err, { title: t("enableFailed", { name: user.username }) }),
  }));
  const sso = user.source === "oidc";
  const flip = (which: Which) => (o: boolean) => setOpen(o ? which : null);
  const u = user.username;
  const enableId = `user-${u}-enable`;
  return (
    <div className="flex flex-wrap gap-1">
      {/* A single sign-on user's roles and password live at the identity provider: only Disable/Enable here. */}
      {!sso && <EditRoles user={user} isSelf={isSelf} open={open === "roles"} onOpenChange={flip("roles")}
        trigger={<Button size="sm" variant="ghost" aria-label={t("changeRolesOf", { name: u })}>{t("changeRoles")}</Button>} />}
      {!sso && <ResetPassword user={user} open={open === "password"} onOpenChange={flip("password")}
        trigger={<Button size="sm" variant="ghost" aria-label={t("resetPasswordOf", { name: u })}>{t("resetPassword")}</Button>} />}
      {user.disabled ? (
        // Not `disabled` while enabling: a disabled button drops keyboard focus.
        <Button id={enableId} size="sm" variant="ghost" aria-label={t("enableUser", { name: u })} aria-disabled={enable.isPending || undefined}
          onClick={() => { if (!enable.isPending) enable.mutate({ username: u, disabled: false }); }}>
          {enable.isPending ? t("enabling") : t("enable")}
        </Button>
      ) : !isSelf && (
        <DisableUser username={u} sso={sso} open={open === "disable"} onOpenChange={flip("disable")} returnFocusTo={enableId}
          trigger={<Button size="sm" variant="ghost" className="text-alarm" aria-label={t("disableUser", { name: u })}>{t("disable")}</Button>} />
      )}
    </div>
  );
}
