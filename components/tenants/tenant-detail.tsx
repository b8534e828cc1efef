"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { TenantUsageCard } from "@/components/fleet/tenant-usage-card";
import { TenantTrend } from "@/components/trends/trend-views";
import { useTRPC } from "@/components/providers/trpc-provider";
import { DeleteTenant } from "@/components/tenants/delete-tenant";
import { KubeconfigDownload } from "@/components/tenants/kubeconfig-download";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { PhaseBadge } from "@/components/tenants/phase-badge";
import { QuotaForm } from "@/components/tenants/quota-form";
import { ScalePool } from "@/components/tenants/scale-pool";
import type { TenantDetailData } from "@/components/tenants/tenant-detail-types";
import { NetworkCard, TenantStatusCards } from "@/components/tenants/tenant-status-cards";
import { UpgradeTenant } from "@/components/tenants/upgrade-tenant";
import { useLiveTenant } from "@/components/tenants/use-live";
import { WorkerTable } from "@/components/tenants/worker-table";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";

/** What the pools ask for, to set against the quota. */
const usage = (d: TenantDetailData) => d.spec.workerPools.reduce(
  (a, p) => ({ vcpu: a.vcpu + p.vcpu * p.replicas, memoryGi: a.memoryGi + p.memoryGi * p.replicas, storageGi: a.storageGi + p.diskGi * p.replicas, workers: a.workers + p.replicas }),
  { vcpu: 0, memoryGi: 0, storageGi: 0, workers: 0 });

export function TenantDetailView({ name, isPlatformAdmin }: { name: string; isPlatformAdmin: boolean }) {
  const t = useTranslations("tenants.detail");
  const format = useFormatter();
  const trpc = useTRPC();
  const tenant = useQuery(trpc.tenants.byName.queryOptions({ name }));
  const policy = useQuery(trpc.tenants.policy.queryOptions());
  const live = useLiveTenant(name);
  if (tenant.isPending) return <div aria-busy="true" className="space-y-3"><Skeleton className="h-8 w-64" /><Skeleton className="h-40" /></div>;
  if (tenant.isError) return <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{tenant.error.message}</p>;
  const d: TenantDetailData = tenant.data;
  // Newer servers send the quota in force; until then: the tenant's own over the platform default.
  const effective = d.effectiveQuota ?? { ...policy.data?.defaultQuota, ...d.spec.quota };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{d.name}</h1>
        <PhaseBadge phase={d.phase} activity={d.activity} />
        <LiveIndicator status={live} />
        {d.displayName && <span className="text-fg-muted">{d.displayName}</span>}
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <Card aria-labelledby="ov-title">
          <CardTitle id="ov-title">{t("overview")}</CardTitle>
          <dl className="space-y-1 text-sm">
            <div><dt className="inline text-fg-muted">{t("version")} </dt><dd className="inline font-mono">{d.version}</dd></div>
            <div><dt className="inline text-fg-muted">{t("endpoint")} </dt><dd className="inline break-all font-mono">{d.endpoint ?? t("notYet")}</dd></div>
            <div><dt className="inline text-fg-muted">{t("controlPlaneReplicas")} </dt><dd className="inline">{format.number(d.spec.controlPlane?.replicas ?? 1)}</dd></div>
            <div><dt className="inline text-fg-muted">{t("network")} </dt><dd className="inline font-mono">{d.networkMode} {d.cidr}</dd></div>
            <div><dt className="inline text-fg-muted">{t("namespace")} </dt><dd className="inline font-mono">{d.namespace}</dd></div>
            <div>
              <dt className="inline text-fg-muted">{t("owners")} </dt>
              <dd className="inline">{d.owners.length ? d.owners.join(", ") : <StatusPill tone="warn">{t("noOwners")}</StatusPill>}</dd>
            </div>
          </dl>
        </Card>
        <TenantStatusCards d={d} />
      </div>
      <NetworkCard d={d} />
      <Card aria-labelledby="workers-title">
        <CardTitle id="workers-title">{t("workers", { ready: d.readyWorkers, desired: d.desiredWorkers })}</CardTitle>
        {d.workers.length === 0 ? (
          <p className="text-sm text-fg-muted">{t("noWorkers")}</p>
        ) : (
          <WorkerTable tenant={d.name} workers={d.workers} canAct={d.access === "admin"} />
        )}
        {d.access === "admin" && (
          <div className="mt-4 flex flex-wrap gap-6">
            {d.spec.workerPools.map((p) => (
              <ScalePool key={p.name} name={d.name} pool={p.name} replicas={p.replicas} ready={d.workers.filter((w) => w.pool === p.name && w.ready).length} />
            ))}
          </div>
        )}
      </Card>
      <TenantUsageCard name={d.name} />
      <TenantTrend name={d.name} />
      <div className="grid gap-4 md:grid-cols-2">
        <Card aria-labelledby="quota-title">
          <CardTitle id="quota-title">{t("quota")}</CardTitle>
          <QuotaForm name={d.name} quota={d.spec.quota ?? {}} effective={effective} used={usage(d)} canEdit={isPlatformAdmin} />
        </Card>
        <Card aria-labelledby="upgrade-title">
          <CardTitle id="upgrade-title">{t("kubernetesVersion")}</CardTitle>
          <p className="mb-2 text-sm">
            {d.runningVersion ? t("versionRunning", { desired: d.spec.kubernetesVersion, running: d.runningVersion }) : t("versionNotRunning", { desired: d.spec.kubernetesVersion })}
          </p>
          {isPlatformAdmin && <UpgradeTenant name={d.name} version={d.spec.kubernetesVersion} />}
        </Card>
      </div>
      <Card aria-labelledby="events-title">
        <CardTitle id="events-title">{t("events")}</CardTitle>
        {d.events.length === 0 ? (
          <p className="text-sm text-fg-muted">{t("noEvents")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {d.events.map((e, i) => (
              <li key={`${e.at}-${i}`} className="flex flex-wrap gap-2">
                <time className="tabular-nums text-fg-muted" dateTime={e.at}>{format.dateTime(new Date(e.at), { timeStyle: "medium" })}</time>
                <StatusPill tone={e.warning ? "warn" : "neutral"}>{e.reason}</StatusPill>
                <span>{e.message}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card aria-labelledby="kc-title">
        <CardTitle id="kc-title">{t("kubeconfig")}</CardTitle>
        <KubeconfigDownload name={d.name} disabled={d.phase !== "Ready" && d.phase !== "Updating" && d.phase !== "Degraded"} />
      </Card>
      {isPlatformAdmin && <DeleteTenant name={d.name} workers={d.workers.map((w) => w.name)} />}
    </div>
  );
}
