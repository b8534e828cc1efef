"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage, FormRootMessage } from "@/components/ui/form";
import { NumberInput } from "@/components/ui/number-input";
import { QUOTA_KEYS, SetQuotaSchema, type Quota } from "@/lib/schemas/tenant";

const Schema = SetQuotaSchema.pick({ quota: true });

/**
 * The tenant's own quota. An empty field takes the platform default: it shows the value in force (the
 * effective quota) as its placeholder, and each field says what the workers use of it.
 */
export function QuotaForm({ name, quota, effective, used, canEdit }: {
  name: string; quota: Quota; effective: Quota; used: Partial<Record<keyof Quota, number>>; canEdit: boolean;
}) {
  const t = useTranslations("tenants.quota");
  const format = useFormatter();
  const trpc = useTRPC();
  const form = useForm({ resolver: zodResolver(Schema), values: { quota } });
  const save = useMutation(trpc.tenants.setQuota.mutationOptions({
    onSuccess: () => toast.success(t("saved", { name })),
    onError: (e) => showMutationError(e, { form, title: t("failed", { name }) }),
  }));
  return (
    <Form {...form}>
      <form className="space-y-3" noValidate onSubmit={form.handleSubmit((v) => save.mutate({ name, quota: v.quota }))}>
        <FormRootMessage />
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
          {QUOTA_KEYS.map((k) => (
            <FormField key={k} control={form.control} name={`quota.${k}`} render={({ field }) => (
              <FormItem id={`quota-${k}`}>
                <FormLabel className="font-normal text-fg-muted">{t(`keys.${k}`)}</FormLabel>
                <FormControl hasHint><NumberInput min={0} disabled={!canEdit} placeholder={effective[k] === undefined ? t("noLimit") : String(effective[k])} {...field} /></FormControl>
                <FormDescription>
                  {quota[k] === undefined ? t("platformDefault") : t("setForTenant")}
                  {used[k] !== undefined && t("inUse", { used: format.number(used[k]), limit: effective[k] === undefined ? "∞" : format.number(effective[k]) })}
                </FormDescription>
                <FormMessage />
              </FormItem>
            )} />
          ))}
        </div>
        {canEdit && <Button type="submit" variant="secondary" disabled={save.isPending}>{save.isPending ? t("saving") : t("save")}</Button>}
      </form>
    </Form>
  );
}
