"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useFormContext, useWatch } from "react-hook-form";
import { StatusPill } from "@/components/ui/status-pill";
import { WizardField } from "@/components/tenants/create-tenant-wizard/fields";
import { headroom, USAGE_KEYS } from "@/lib/fleet/usage";
import { QUOTA_KEYS, type CreateTenantInput, type PlatformPolicySpec } from "@/lib/schemas/tenant";

/** Empty fields take the platform default, shown as their placeholder; the line below sets the pools against it. */
export function StepQuota({ policy }: { policy: PlatformPolicySpec }) {
  const t = useTranslations("tenants.wizard.quota");
  const th = useTranslations("fleet.headroom");
  const tk = useTranslations("fleet.usage.key");
  const format = useFormatter();
  const { control } = useFormContext<CreateTenantInput>();
  const [pools, own] = useWatch({ control, name: ["workerPools", "quota"] });
  const quota = { ...policy.defaultQuota, ...Object.fromEntries(Object.entries(own ?? {}).filter(([, v]) => v !== undefined)) };
  const limit = (n: number | undefined) => (n === undefined ? "∞" : format.number(n));
  const used = pools.reduce((a, p) => ({ vcpu: a.vcpu + p.vcpu * p.replicas, mem: a.mem + p.memoryGi * p.replicas, workers: a.workers + p.replicas }), { vcpu: 0, mem: 0, workers: 0 });
  const left = headroom(
    pools.reduce((a, p) => ({ vcpu: a.vcpu + p.vcpu * p.replicas, memoryGi: a.memoryGi + p.memoryGi * p.replicas, storageGi: a.storageGi + p.diskGi * p.replicas, workers: a.workers + p.replicas }),
      { vcpu: 0, memoryGi: 0, storageGi: 0, workers: 0 }),
    quota,
  );
  const limited = USAGE_KEYS.filter((k) => left[k] !== undefined && k !== "loadBalancers");
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
      <section aria-labelledby="headroom-title" className="md:col-span-3">
        <h3 id="headroom-title" className="text-sm font-medium">{th("title")}</h3>
        {limited.length === 0 ? (
          <p className="text-sm text-fg-muted">{th("none")}</p>
        ) : (
          <ul className="flex flex-wrap gap-2 text-sm" aria-live="polite">
            {limited.map((k) => (
              <li key={k}>
                <StatusPill tone={left[k]! < 0 ? "alarm" : "ok"}>
                  {left[k]! < 0 ? th("over", { key: tk(k), over: format.number(-left[k]!) }) : th("value", { key: tk(k), left: format.number(left[k]!) })}
                </StatusPill>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
