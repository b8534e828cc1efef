"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage, FormRootMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { RoleCheckboxes } from "@/components/users/role-checkboxes";
import { useUsersCache } from "@/components/users/use-users-cache";
import { CreateUserSchema, type Role } from "@/lib/schemas/auth";
import { errorCode } from "@/lib/forms/server-errors";

const EMPTY = { username: "", password: "", roles: [] as Role[] };

/** Checked on the client with the schema users.create itself uses; the input stays when anything is refused. */
export function CreateUserForm() {
  const t = useTranslations("users.create");
  const trpc = useTRPC();
  const users = useUsersCache();
  const form = useForm({ resolver: zodResolver(CreateUserSchema), defaultValues: EMPTY });
  const create = useMutation(trpc.users.create.mutationOptions({
    onSuccess: (_d, input) => {
      users.add({ username: input.username, roles: input.roles, disabled: false, source: "password" });
      toast.success(t("created", { name: input.username }));
      form.reset(EMPTY);
    },
    onError: (err, input) => {
      if (errorCode(err) === "CONFLICT") {
        form.setError("username", { type: "server", message: t("exists", { name: input.username }) }, { shouldFocus: true });
        return;
      }
      showMutationError(err, { form, title: t("failed", { name: input.username }) });
    },
  }));

  return (
    <Form {...form}>
      <form aria-labelledby="new-user-title" className="space-y-4" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <h2 id="new-user-title" className="text-lg font-semibold">{t("title")}</h2>
        <FormRootMessage />
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-4">
            <FormField control={form.control} name="username" render={({ field }) => (
              <FormItem id="new-user-name">
                <FormLabel>{t("username")}</FormLabel>
                <FormControl hasHint><Input autoComplete="off" spellCheck={false} {...field} /></FormControl>
                <FormDescription>{t("usernameHint")}</FormDescription>
                <FormMessage />
              </FormItem>
            )} />
            <FormField control={form.control} name="password" render={({ field }) => (
              <FormItem id="new-user-password">
                <FormLabel>{t("password")}</FormLabel>
                <FormControl hasHint><Input type="password" autoComplete="new-password" {...field} /></FormControl>
                <FormDescription>{t("passwordHint")}</FormDescription>
                <FormMessage />
              </FormItem>
            )} />
          </div>
          <FormField control={form.control} name="roles" render={({ field, fieldState }) => (
            <RoleCheckboxes idPrefix="new-user-roles" ref={field.ref} value={field.value} error={fieldState.error?.message} onChange={field.onChange} />
          )} />
        </div>
        <Button type="submit" disabled={create.isPending}>{create.isPending ? t("pending") : t("submit")}</Button>
      </form>
    </Form>
  );
}
