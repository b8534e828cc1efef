"use client";

import { useTranslations } from "next-intl";
import { useFormContext } from "react-hook-form";
import { FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { NativeSelect } from "@/components/ui/native-select";
import type { CreateTenantInput } from "@/lib/schemas/tenant";

export function StepVersion({ versions }: { versions: string[] }) {
  const t = useTranslations("tenants.wizard");
  const { control } = useFormContext<CreateTenantInput>();
  return (
    <FormField control={control} name="kubernetesVersion" render={({ field }) => (
      <FormItem>
        <FormLabel>{t("versionLabel")}</FormLabel>
        <FormControl><NativeSelect {...field}>{versions.map((v) => <option key={v}>{v}</option>)}</NativeSelect></FormControl>
        <FormMessage />
      </FormItem>
    )} />
  );
}
