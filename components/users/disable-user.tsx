"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { ActionPanel } from "@/components/users/action-panel";
import { useUsersCache } from "@/components/users/use-users-cache";

/**
 * Disabling cuts a user off mid-session, so it is confirmed first; focus starts on Cancel. A single sign-on
 * user (`sso`) gets a record with their first disable, so they are added to the list then.
 */
export function DisableUser({ id, openerId, username, sso = false, onClose, onDisabled }: {
  id: string; openerId: string; username: string; sso?: boolean; onClose: () => void; onDisabled?: () => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const users = useUsersCache();
  const disable = useMutation(trpc.users.setDisabled.mutationOptions({
    onSuccess: () => {
      if (sso) users.add({ username, roles: [], disabled: true, source: "oidc" });
      else users.update(username, { disabled: true });
      toast(`${username} disabled; their sessions have ended`);
      onDisabled?.();
      onClose();
    },
  }));
  const kept = sso
    ? "Single sign-on no longer lets them in, whatever their identity provider says. You can enable them again later."
    : "You can enable them again later; their roles and password are kept.";
  return (
    <ActionPanel id={id} openerId={openerId} tone="alarm" title={`Disable ${username}?`} onClose={onClose}
      description={<p>{username} can no longer sign in, and <strong>every session they have open ends at once</strong>. {kept}</p>}>
      <div className="flex gap-2">
        <Button size="sm" className="bg-alarm text-accent-fg hover:bg-alarm/90" disabled={disable.isPending} onClick={() => disable.mutate({ username, disabled: true })}>
          {disable.isPending ? "Disabling…" : `Yes, disable ${username}`}
        </Button>
        <Button size="sm" variant="ghost" data-autofocus onClick={onClose}>Cancel</Button>
      </div>
      {disable.isError && <p role="alert" className="text-sm text-alarm">Could not disable {username}: {disable.error.message}</p>}
    </ActionPanel>
  );
}
