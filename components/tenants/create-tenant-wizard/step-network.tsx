"use client";

import { useTranslations } from "next-intl";
import { useFormContext, useWatch } from "react-hook-form";
import { WizardField } from "@/components/tenants/create-tenant-wizard/fields";
import { Button } from "@/components/ui/button";
import { FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { NativeSelect } from "@/components/ui/native-select";
import { suggestFreeCidr } from "@/lib/net/suggest-cidr";
import type { CreateTenantInput, PlatformPolicySpec } from "@/lib/schemas/tenant";

/** Mode, CIDR and VLAN; a free /24 is suggested, and the ranges already taken are listed. */
export function StepNetwork({ policy, taken }: { policy: PlatformPolicySpec; taken: { name: string; cidr: string }[] }) {
  const t = useTranslations("tenants.wizard.network");
  const { control, setValue, getValues } = useFormContext<CreateTenantInput>();
  const mode = useWatch({ control, name: "network.mode" });
  const platform = policy.platformCidrs ?? [];
  const suggestion = suggestFreeCidr([...taken.map((t) => t.cidr), ...platform]);
  return (
    <div className="space-y-4">
      <FormField control={control} name="network.mode" render={({ field }) => (
        <FormItem>
          <FormLabel>{t("mode")}</FormLabel>
          <FormControl>
            <NativeSelect {...field} onChange={(e) => {
              const cidr = getValues("network.cidr");
              setValue("network", e.target.value === "vlan" ? { mode: "vlan", cidr, vlanId: policy.vlanRange?.min ?? 100 } : { mode: "overlay", cidr });
            }}>
              {(policy.allowedNetworkModes ?? ["overlay", "vlan"]).map((m) => <option key={m}>{m}</option>)}
            </NativeSelect>
          </FormControl>
          <FormMessage />
        </FormItem>
      )} />
      <div className="flex flex-wrap items-end gap-2">
        <WizardField name="network.cidr" label={t("cidr")} placeholder={suggestion ?? "10.20.0.0/24"} className="min-w-64 flex-1" />
        {suggestion && (
          <Button type="button" variant="secondary" className="mb-px" onClick={() => setValue("network.cidr", suggestion, { shouldValidate: true })}>
            {t("useSuggestion", { cidr: suggestion })}
          </Button>
        )}
      </div>
      {mode === "vlan" && <WizardField name="network.vlanId" type="number" label={t("vlanId", { min: policy.vlanRange?.min ?? 1, max: policy.vlanRange?.max ?? 4094 })} />}
      <details className="rounded-md border border-border p-3 text-sm">
        <summary className="cursor-pointer font-medium">{t("taken", { count: taken.length + platform.length })}</summary>
        <ul className="mt-2 grid gap-1 font-mono text-xs md:grid-cols-2">
          {platform.map((c) => <li key={`p-${c}`}>{c} <span className="font-sans text-fg-muted">{t("platform")}</span></li>)}
          {taken.map((t) => <li key={t.name}>{t.cidr} <span className="font-sans text-fg-muted">{t.name}</span></li>)}
        </ul>
      </details>
    </div>
  );
}
