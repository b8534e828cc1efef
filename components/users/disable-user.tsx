"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { ActionDialog } from "@/components/users/action-dialog";
import { useUsersCache } from "@/components/users/use-users-cache";

/**
 * Disabling cuts a user off mid-session, so it is confirmed first; focus starts on Cancel. A single sign-on
 * user (`sso`) gets a record with their first disable, so they are added to the list then.
 */
export function DisableUser({ username, sso = false, open, onOpenChange, trigger, returnFocusTo, onDisabled }: {
  username: string; sso?: boolean; open: boolean; onOpenChange: (open: boolean) => void; trigger?: React.ReactNode; returnFocusTo?: string; onDisabled?: () => void;
}) {
  const t = useTranslations("users.disable");
  const trpc = useTRPC();
  const users = useUsersCache();
  const disable = useMutation(trpc.users.setDisabled.mutationOptions({
    onSuccess: () => {
      if (sso) users.add({ username, roles: [], disabled: true, source: "oidc" });
      else users.update(username, { disabled: true });
      toast.success(t("done", { name: username }));
      onDisabled?.();
      onOpenChange(false);
    },
    onError: (e) => showMutationError(e, { title: t("failed", { name: username }) }),
  }));
  const kept = sso ? t("keptSso") : t("kept");
  return (
    <ActionDialog title={t("title", { name: username })} tone="alarm" open={open} onOpenChange={onOpenChange} trigger={trigger} returnFocusTo={returnFocusTo}
      description={<p>{t.rich("body", { name: username, kept, strong: (chunks) => <strong>{chunks}</strong> })}</p>}>
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="ghost" data-autofocus onClick={() => onOpenChange(false)}>{t("cancel")}</Button>
        <Button size="sm" className="bg-alarm text-accent-fg hover:bg-alarm/90" disabled={disable.isPending} onClick={() => disable.mutate({ username, disabled: true })}>
          {disable.isPending ? t("pending") : t("confirm", { name: username })}
        </Button>
      </div>
    </ActionDialog>
  );
}
