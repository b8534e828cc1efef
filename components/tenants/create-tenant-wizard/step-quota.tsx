"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useFormContext, useWatch } from "react-hook-form";
import { WizardField } from "@/components/tenants/create-tenant-wizard/fields";
import { QUOTA_KEYS, type CreateTenantInput, type PlatformPolicySpec } from "@/lib/schemas/tenant";

/** Empty fields take the platform default, shown as their placeholder; the line below sets the pools against it. */
export function StepQuota({ policy }: { policy: PlatformPolicySpec }) {
  const t = useTranslations("tenants.wizard.quota");
  const format = useFormatter();
  const { control } = useFormContext<CreateTenantInput>();
  const [pools, own] = useWatch({ control, name: ["workerPools", "quota"] });
  const quota = { ...policy.defaultQuota, ...Object.fromEntries(Object.entries(own ?? {}).filter(([, v]) => v !== undefined)) };
  const limit = (n: number | undefined) => (n === undefined ? "∞" : format.number(n));
  const used = pools.reduce((a, p) => ({ vcpu: a.vcpu + p.vcpu * p.replicas, mem: a.mem + p.memoryGi * p.replicas, workers: a.workers + p.replicas }), { vcpu: 0, mem: 0, workers: 0 });
  return (
    <div className="grid gap-3 md:grid-cols-3">
      {QUOTA_KEYS.map((k) => (
        <WizardField key={k} name={`quota.${k}`} type="number" min={0} label={t("label", { key: k, max: limit(policy.maxQuota?.[k]) })}
          placeholder={policy.defaultQuota?.[k] === undefined ? t("noLimit") : String(policy.defaultQuota[k])}
          hint={policy.defaultQuota?.[k] === undefined ? t("emptyNoLimit") : t("emptyDefault", { value: format.number(policy.defaultQuota[k]) })} />
      ))}
      <p className="text-sm text-fg-muted md:col-span-3" aria-live="polite">
        {t("usage", { vcpu: used.vcpu, vcpuMax: limit(quota.vcpu), mem: used.mem, memMax: limit(quota.memoryGi), workers: used.workers, workersMax: limit(quota.workers) })}
      </p>
    </div>
  );
}
