"use client";

import { useFormContext, useWatch } from "react-hook-form";
import { WizardField } from "@/components/tenants/create-tenant-wizard/fields";
import { QUOTA_KEYS, type CreateTenantInput, type PlatformPolicySpec } from "@/lib/schemas/tenant";

/** Empty fields take the platform default, shown as their placeholder; the line below sets the pools against it. */
export function StepQuota({ policy }: { policy: PlatformPolicySpec }) {
  const { control } = useFormContext<CreateTenantInput>();
  const [pools, own] = useWatch({ control, name: ["workerPools", "quota"] });
  const quota = { ...policy.defaultQuota, ...Object.fromEntries(Object.entries(own ?? {}).filter(([, v]) => v !== undefined)) };
  const used = pools.reduce((a, p) => ({ vcpu: a.vcpu + p.vcpu * p.replicas, mem: a.mem + p.memoryGi * p.replicas, workers: a.workers + p.replicas }), { vcpu: 0, mem: 0, workers: 0 });
  return (
    <div className="grid gap-3 md:grid-cols-3">
      {QUOTA_KEYS.map((k) => (
        <WizardField key={k} name={`quota.${k}`} type="number" min={0} label={`${k} (max ${policy.maxQuota?.[k] ?? "∞"})`}
          placeholder={policy.defaultQuota?.[k] === undefined ? "no limit" : String(policy.defaultQuota[k])}
          hint={policy.defaultQuota?.[k] === undefined ? "empty: no limit" : `empty: the platform default, ${policy.defaultQuota[k]}`} />
      ))}
      <p className="text-sm text-fg-muted md:col-span-3" aria-live="polite">
        The pools use {used.vcpu} of {quota.vcpu ?? "∞"} vCPU, {used.mem} of {quota.memoryGi ?? "∞"} GiB and {used.workers} of {quota.workers ?? "∞"} workers.
      </p>
    </div>
  );
}
