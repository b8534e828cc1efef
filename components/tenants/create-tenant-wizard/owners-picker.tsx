"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFormContext } from "react-hook-form";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { CreateTenantInput } from "@/lib/schemas/tenant";

/**
 * Owners: the console's existing users are offered as suggestions (a datalist), and any other name, such as a
 * single sign-on name "oidc:alice@example.com", is taken as typed. A name is added on Enter, comma or leaving
 * the field.
 */
export function OwnersPicker() {
  const t = useTranslations("tenants.wizard.identity");
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const { control } = useFormContext<CreateTenantInput>();
  const [draft, setDraft] = useState("");
  return (
    <FormField control={control} name="owners" render={({ field }) => {
      const owners = field.value ?? [];
      const commit = () => {
        const names = draft.split(",").map((s) => s.trim()).filter((s) => s && !owners.includes(s));
        if (names.length) field.onChange([...owners, ...names]);
        setDraft("");
      };
      return (
        <FormItem id="owners">
          <FormLabel>{t("owners")}</FormLabel>
          {/* Chips and the input share one row, so adding a name (on blur too) never moves the buttons below. */}
          <div className="flex flex-wrap items-center gap-2">
            {owners.length > 0 && (
              <ul aria-label={t("chosenOwners")} className="flex flex-wrap gap-2">
                {owners.map((o) => (
                  <li key={o} className="inline-flex h-9 items-center gap-1 rounded-full bg-surface-sunken pl-3 text-sm">
                    <span className="font-mono">{o}</span>
                    <Button type="button" size="sm" variant="ghost" className="h-7 px-2" aria-label={t("removeOwner", { owner: o })} onClick={() => field.onChange(owners.filter((x) => x !== o))}>×</Button>
                  </li>
                ))}
              </ul>
            )}
            <FormControl hasHint>
              <Input ref={field.ref} list="owner-suggestions" autoComplete="off" spellCheck={false} value={draft} placeholder={t("ownersPlaceholder")}
                className="min-w-64 flex-1" onChange={(e) => setDraft(e.target.value)} onBlur={() => { commit(); field.onBlur(); }}
                onKeyDown={(e) => { if (e.key === "Enter" || e.key === ",") { e.preventDefault(); commit(); } }} />
            </FormControl>
          </div>
          <datalist id="owner-suggestions">
            {(users.data ?? []).filter((u) => !owners.includes(u.username)).map((u) => <option key={u.username} value={u.username} />)}
          </datalist>
          <FormDescription>
            {t("ownersHint")}
          </FormDescription>
          <FormMessage />
        </FormItem>
      );
    }} />
  );
}
