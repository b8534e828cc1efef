"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { DisableUser } from "@/components/users/disable-user";
import { DisableSsoUserSchema } from "@/lib/schemas/auth";

const OPENER = "sso-user-disable-opener";

/**
 * Single sign-on users have no record until one is disabled, so they are named here: the name is checked
 * with the shared schema users.setDisabled uses, then the usual confirmation opens.
 */
export function DisableSsoUserForm({ currentUser, disabledNames }: { currentUser: string; disabledNames: ReadonlySet<string> }) {
  const t = useTranslations("users.sso");
  const [confirming, setConfirming] = useState<string>();
  const form = useForm({ resolver: zodResolver(DisableSsoUserSchema), defaultValues: { username: "" } });
  const submit = form.handleSubmit(({ username }) => {
    const refuse = (message: string) => form.setError("username", { type: "validate", message }, { shouldFocus: true });
    if (username === currentUser) return refuse(t("notYourself"));
    if (disabledNames.has(username)) return refuse(t("alreadyDisabled", { name: username }));
    setConfirming(username);
  });
  return (
    <div className="space-y-3">
      <Form {...form}>
        <form aria-labelledby="sso-user-title" className="space-y-3" noValidate onSubmit={submit}>
          <h2 id="sso-user-title" className="text-lg font-semibold">{t("title")}</h2>
          <p className="text-sm text-fg-muted">
            {t("intro")}
          </p>
          <div className="flex flex-wrap items-start gap-2">
            <FormField control={form.control} name="username" render={({ field }) => (
              <FormItem id="sso-user-name" className="w-full max-w-md">
                <FormLabel>{t("name")}</FormLabel>
                <FormControl hasHint>
                  <Input autoComplete="off" spellCheck={false} {...field} onChange={(e) => { field.onChange(e); setConfirming(undefined); }} />
                </FormControl>
                <FormDescription>{t("nameHint")}</FormDescription>
                <FormMessage />
              </FormItem>
            )} />
            <Button id={OPENER} type="submit" variant="secondary" className="mt-6" aria-haspopup="dialog">{t("submit")}</Button>
          </div>
        </form>
      </Form>
      {confirming && (
        <DisableUser username={confirming} sso open onOpenChange={(o) => { if (!o) setConfirming(undefined); }} returnFocusTo={OPENER}
          onDisabled={() => form.reset({ username: "" })} />
      )}
    </div>
  );
}
