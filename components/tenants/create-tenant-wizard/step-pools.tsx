"use client";

import { useTranslations } from "next-intl";
import { useFieldArray, useFormContext } from "react-hook-form";
import { WizardField } from "@/components/tenants/create-tenant-wizard/fields";
import { Button } from "@/components/ui/button";
import type { CreateTenantInput } from "@/lib/schemas/tenant";

const NUMBERS = ["replicas", "vcpu", "memoryGi", "diskGi"] as const;

export function StepPools() {
  const t = useTranslations("tenants.wizard.pools");
  const { control, formState: { errors } } = useFormContext<CreateTenantInput>();
  const pools = useFieldArray({ control, name: "workerPools" });
  const poolsError = errors.workerPools?.root?.message ?? errors.workerPools?.message;
  return (
    <div className="space-y-4">
      {pools.fields.map((p, i) => (
        <fieldset key={p.id} className="grid grid-cols-2 gap-3 rounded-md border border-border p-3 md:grid-cols-6">
          <legend className="px-1 text-sm font-medium">{t("pool", { n: i + 1 })}</legend>
          <WizardField name={`workerPools.${i}.name`} label={t("name")} />
          {NUMBERS.map((k) => <WizardField key={k} name={`workerPools.${i}.${k}`} label={t(k)} type="number" />)}
          <WizardField name={`workerPools.${i}.image`} label={t("image")} />
          {pools.fields.length > 1 && <Button type="button" variant="ghost" onClick={() => pools.remove(i)}>{t("remove", { n: i + 1 })}</Button>}
        </fieldset>
      ))}
      {poolsError && <p id="workerPools-error" role="alert" className="text-sm text-alarm">{poolsError}</p>}
      <Button type="button" variant="secondary" onClick={() => pools.append({ name: `pool${pools.fields.length + 1}`, replicas: 1, vcpu: 2, memoryGi: 4, diskGi: 20, image: pools.fields[0]?.image ?? "" })}>
        {t("add")}
      </Button>
    </div>
  );
}
