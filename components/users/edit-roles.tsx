"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { FormRootMessage, Form, FormField } from "@/components/ui/form";
import { ActionDialog } from "@/components/users/action-dialog";
import { RoleCheckboxes } from "@/components/users/role-checkboxes";
import { useUsersCache, type UserRecord } from "@/components/users/use-users-cache";
import { SetUserRolesSchema } from "@/lib/schemas/auth";

export function EditRoles({ user, isSelf, open, onOpenChange, trigger }: {
  user: UserRecord; isSelf: boolean; open: boolean; onOpenChange: (open: boolean) => void; trigger: React.ReactNode;
}) {
  const t = useTranslations("users.roles");
  const trpc = useTRPC();
  const users = useUsersCache();
  const form = useForm({ resolver: zodResolver(SetUserRolesSchema), values: { username: user.username, roles: user.roles } });
  const save = useMutation(trpc.users.setRoles.mutationOptions({
    onSuccess: (_d, input) => {
      users.update(input.username, { roles: input.roles });
      toast.success(t("saved", { name: input.username, roles: input.roles.join(", ") }));
      onOpenChange(false);
    },
    onError: (err) => showMutationError(err, { form, title: t("failed", { name: user.username }) }),
  }));
  const roles = form.watch("roles");
  const unchanged = roles.length === user.roles.length && roles.every((r) => user.roles.includes(r));
  const prefix = `user-${user.username}-roles`;
  return (
    <ActionDialog title={t("title", { name: user.username })} open={open} onOpenChange={(o) => { if (!o) form.reset(); onOpenChange(o); }} trigger={trigger}
      description={<p className="text-fg-muted">{t("intro")}</p>}>
      <Form {...form}>
        <form className="space-y-3" noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))}>
          <FormRootMessage />
          <FormField control={form.control} name="roles" render={({ field, fieldState }) => (
            <RoleCheckboxes idPrefix={prefix} ref={field.ref} value={field.value} error={fieldState.error?.message} onChange={field.onChange} />
          )} />
          {isSelf && !roles.includes("platform-admin") && (
            <p className="text-sm text-warn">{t("selfWarning")}</p>
          )}
          <div className="flex justify-end gap-2">
            <Button type="button" size="sm" variant="ghost" onClick={() => onOpenChange(false)}>{t("cancel")}</Button>
            <Button type="submit" size="sm" disabled={save.isPending || unchanged}>{save.isPending ? t("pending") : t("submit")}</Button>
          </div>
        </form>
      </Form>
    </ActionDialog>
  );
}
