"use client";

import { useTranslations } from "next-intl";
import { useFormContext } from "react-hook-form";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form";
import { Label } from "@/components/ui/label";
import type { CreateTenantInput } from "@/lib/schemas/tenant";

export function StepAddons({ mandatory }: { mandatory: string[] }) {
  const t = useTranslations("tenants.wizard.addons");
  const { control } = useFormContext<CreateTenantInput>();
  const offered = [...new Set([...mandatory, "konnectivity", "metrics-server"])];
  return (
    <FormField control={control} name="addons" render={({ field }) => (
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("legend")}</legend>
        {offered.map((a, i) => {
          const locked = mandatory.includes(a);
          const value = field.value ?? [];
          return (
            <div key={a} className="flex items-center gap-2 text-sm">
              <Checkbox id={`addon-${a}`} ref={i === 0 ? field.ref : undefined} checked={value.includes(a)} disabled={locked}
                onCheckedChange={(on) => field.onChange(on === true ? [...value, a] : value.filter((x) => x !== a))} />
              <Label htmlFor={`addon-${a}`} className="font-normal">{a}{locked && <span className="ml-1 text-xs text-fg-muted">{t("mandatory")}</span>}</Label>
            </div>
          );
        })}
      </fieldset>
    )} />
  );
}
