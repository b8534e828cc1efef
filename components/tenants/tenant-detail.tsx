"use client";

import { useQuery } from "@tanstack/react-query";
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
  const trpc = useTRPC();
  const t = useQuery(trpc.tenants.byName.queryOptions({ name }));
  const policy = useQuery(trpc.tenants.policy.queryOptions());
  const live = useLiveTenant(name);
  if (t.isPending) return <div aria-busy="true" className="space-y-3"><Skeleton className="h-8 w-64" /><Skeleton className="h-40" /></div>;
  if (t.isError) return <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{t.error.message}</p>;
  const d: TenantDetailData = t.data;
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
          <CardTitle id="ov-title">Overview</CardTitle>
          <dl className="space-y-1 text-sm">
            <div><dt className="inline text-fg-muted">Version </dt><dd className="inline font-mono">{d.version}</dd></div>
            <div><dt className="inline text-fg-muted">Endpoint </dt><dd className="inline break-all font-mono">{d.endpoint ?? "not yet"}</dd></div>
            <div><dt className="inline text-fg-muted">Control-plane replicas </dt><dd className="inline">{d.spec.controlPlane?.replicas ?? 1}</dd></div>
            <div><dt className="inline text-fg-muted">Network </dt><dd className="inline font-mono">{d.networkMode} {d.cidr}</dd></div>
            <div><dt className="inline text-fg-muted">Namespace </dt><dd className="inline font-mono">{d.namespace}</dd></div>
            <div>
              <dt className="inline text-fg-muted">Owners </dt>
              <dd className="inline">{d.owners.length ? d.owners.join(", ") : <StatusPill tone="warn">none: only platform admins see this tenant</StatusPill>}</dd>
            </div>
          </dl>
        </Card>
        <TenantStatusCards d={d} />
      </div>
      <NetworkCard d={d} />
      <Card aria-labelledby="workers-title">
        <CardTitle id="workers-title">Workers ({d.readyWorkers}/{d.desiredWorkers} ready)</CardTitle>
        {d.workers.length === 0 ? (
          <p className="text-sm text-fg-muted">No worker VMs yet; they are created once the control plane is ready.</p>
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
      <div className="grid gap-4 md:grid-cols-2">
        <Card aria-labelledby="quota-title">
          <CardTitle id="quota-title">Quota</CardTitle>
          <QuotaForm name={d.name} quota={d.spec.quota ?? {}} effective={effective} used={usage(d)} canEdit={isPlatformAdmin} />
        </Card>
        <Card aria-labelledby="upgrade-title">
          <CardTitle id="upgrade-title">Kubernetes version</CardTitle>
          <p className="mb-2 text-sm">
            Desired {d.spec.kubernetesVersion}; {d.runningVersion ? `the control plane runs ${d.runningVersion}.` : "the control plane is not running yet."}
          </p>
          {isPlatformAdmin && <UpgradeTenant name={d.name} version={d.spec.kubernetesVersion} />}
        </Card>
      </div>
      <Card aria-labelledby="events-title">
        <CardTitle id="events-title">Recent events</CardTitle>
        {d.events.length === 0 ? (
          <p className="text-sm text-fg-muted">No events yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {d.events.map((e, i) => (
              <li key={`${e.at}-${i}`} className="flex flex-wrap gap-2">
                <time className="tabular-nums text-fg-muted" dateTime={e.at}>{new Date(e.at).toLocaleTimeString()}</time>
                <StatusPill tone={e.warning ? "warn" : "neutral"}>{e.reason}</StatusPill>
                <span>{e.message}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card aria-labelledby="kc-title">
        <CardTitle id="kc-title">Kubeconfig</CardTitle>
        <KubeconfigDownload name={d.name} disabled={d.phase !== "Ready" && d.phase !== "Updating" && d.phase !== "Degraded"} />
      </Card>
      {isPlatformAdmin && <DeleteTenant name={d.name} workers={d.workers.map((w) => w.name)} />}
    </div>
  );
}
