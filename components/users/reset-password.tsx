"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage, FormRootMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { ActionDialog } from "@/components/users/action-dialog";
import type { UserRecord } from "@/components/users/use-users-cache";
import { ResetPasswordSchema } from "@/lib/schemas/auth";

export function ResetPassword({ user, open, onOpenChange, trigger }: { user: UserRecord; open: boolean; onOpenChange: (open: boolean) => void; trigger: React.ReactNode }) {
  const t = useTranslations("users.password");
  const trpc = useTRPC();
  const form = useForm({ resolver: zodResolver(ResetPasswordSchema), defaultValues: { username: user.username, password: "" } });
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({
    onSuccess: (_d, input) => {
      toast.success(t("done", { name: input.username }));
      form.reset();
      onOpenChange(false);
    },
    onError: (err) => showMutationError(err, { form, title: t("failed", { name: user.username }) }),
  }));
  return (
    <ActionDialog title={t("title", { name: user.username })} open={open} onOpenChange={(o) => { if (!o) form.reset(); onOpenChange(o); }} trigger={trigger}
      description={<p className="text-fg-muted">{t("intro")}</p>}>
      <Form {...form}>
        <form className="space-y-3" noValidate onSubmit={form.handleSubmit((v) => reset.mutate(v))}>
          <FormRootMessage />
          <FormField control={form.control} name="password" render={({ field }) => (
            <FormItem id={`user-${user.username}-password`} className="max-w-sm">
              <FormLabel>{t("label", { name: user.username })}</FormLabel>
              <FormControl><Input type="password" autoComplete="new-password" {...field} /></FormControl>
              <FormMessage />
            </FormItem>
          )} />
          <div className="flex justify-end gap-2">
            <Button type="button" size="sm" variant="ghost" onClick={() => onOpenChange(false)}>{t("cancel")}</Button>
            <Button type="submit" size="sm" disabled={reset.isPending}>{reset.isPending ? t("pending") : t("submit")}</Button>
          </div>
        </form>
      </Form>
    </ActionDialog>
  );
}
