"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { DeleteTenant } from "@/components/tenants/delete-tenant";
import { KubeconfigDownload } from "@/components/tenants/kubeconfig-download";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { PhaseBadge } from "@/components/tenants/phase-badge";
import { QuotaForm } from "@/components/tenants/quota-form";
import { ScalePool } from "@/components/tenants/scale-pool";
import { UpgradeTenant } from "@/components/tenants/upgrade-tenant";
import { VmActions } from "@/components/tenants/vm-actions";
import { useLiveTenant } from "@/components/tenants/use-live";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";

const secs = (a?: string, b?: string) => (a && b ? `${((new Date(b).getTime() - new Date(a).getTime()) / 1000).toFixed(1)} s` : "…");

export function TenantDetailView({ name, isPlatformAdmin }: { name: string; isPlatformAdmin: boolean }) {
  const trpc = useTRPC();
  const t = useQuery(trpc.tenants.byName.queryOptions({ name }));
  const live = useLiveTenant(name);
  if (t.isPending) return <div aria-busy="true" className="space-y-3"><Skeleton className="h-8 w-64" /><Skeleton className="h-40" /></div>;
  if (t.isError) return <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{t.error.message}</p>;
  const d = t.data;
  const first = d.steps.find((s) => s.startedAt)?.startedAt;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{d.name}</h1>
        <PhaseBadge phase={d.phase} />
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
            <div><dt className="inline text-fg-muted">Owners </dt><dd className="inline">{d.owners.join(", ") || "–"}</dd></div>
          </dl>
        </Card>
        <Card aria-labelledby="cond-title">
          <CardTitle id="cond-title">Conditions</CardTitle>
          <ul className="space-y-1 text-sm">
            {d.conditions.map((c) => (
              <li key={c.type} className="flex flex-wrap items-center gap-2" title={c.message}>
                <StatusPill tone={c.status === "True" ? "ok" : "warn"}>{c.type}: {c.status}</StatusPill>
                {c.status !== "True" && <span className="text-xs text-fg-muted">{c.message}</span>}
              </li>
            ))}
          </ul>
        </Card>
        <Card aria-labelledby="steps-title">
          <CardTitle id="steps-title">Provisioning timeline</CardTitle>
          <ol className="space-y-1 text-sm">
            {d.steps.map((s) => (
              <li key={s.name} className="flex justify-between gap-2">
                <span>{s.name}</span>
                <span className="tabular-nums text-fg-muted">{s.finishedAt ? `done after ${secs(first, s.finishedAt)}` : s.startedAt ? "in progress" : "waiting"}</span>
              </li>
            ))}
          </ol>
        </Card>
      </div>
      <Card aria-labelledby="net-title">
        <CardTitle id="net-title">Network</CardTitle>
        <dl className="grid grid-cols-2 gap-2 text-sm md:grid-cols-4">
          <div><dt className="text-fg-muted">VPC</dt><dd className="font-mono">{d.network.vpc}</dd></div>
          <div><dt className="text-fg-muted">Subnet</dt><dd className="font-mono">{d.network.subnet ?? "not yet"} {d.network.cidr}</dd></div>
          <div><dt className="text-fg-muted">Gateway{d.network.vlanId ? " / VLAN" : ""}</dt><dd className="font-mono">{d.network.gateway ?? "–"}{d.network.vlanId ? ` / ${d.network.vlanId}` : ""}</dd></div>
          <div><dt className="text-fg-muted">IP addresses</dt><dd className="tabular-nums">{d.network.usingIPs ?? 0} used, {d.network.availableIPs ?? "?"} free</dd></div>
        </dl>
      </Card>
      <Card aria-labelledby="workers-title">
        <CardTitle id="workers-title">Workers ({d.readyWorkers}/{d.desiredWorkers} ready)</CardTitle>
        {d.workers.length === 0 ? (
          <p className="text-sm text-fg-muted">No worker VMs yet; they are created once the control plane is ready.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Worker VMs</caption>
            <thead className="text-fg-muted"><tr>{["VM / Node", "Pool", "Phase", "IP", "Size", ...(d.access === "admin" ? ["Power"] : [])].map((h) => <th key={h} scope="col" className="py-1 pr-4 font-medium">{h}</th>)}</tr></thead>
            <tbody>
              {d.workers.map((w) => (
                <tr key={w.name} className="border-t border-border">
                  <td className="py-1 pr-4 font-mono">{w.name}</td>
                  <td className="py-1 pr-4">{w.pool}</td>
                  <td className="py-1 pr-4"><StatusPill tone={w.ready ? "ok" : "warn"}>{w.phase}</StatusPill></td>
                  <td className="py-1 pr-4 font-mono">{w.ip ?? "–"}</td>
                  <td className="py-1 pr-4">{w.vcpu} vCPU, {w.memory}</td>
                  {d.access === "admin" && <td className="py-1 pr-4"><VmActions name={d.name} vm={w.name} running={w.phase !== "Stopped"} /></td>}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.access === "admin" && (
          <div className="mt-4 flex flex-wrap gap-6">
            {d.spec.workerPools.map((p) => <ScalePool key={p.name} name={d.name} pool={p.name} replicas={p.replicas} />)}
          </div>
        )}
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        <Card aria-labelledby="quota-title">
          <CardTitle id="quota-title">Quota</CardTitle>
          <QuotaForm name={d.name} quota={d.spec.quota ?? {}} canEdit={isPlatformAdmin} />
        </Card>
        <Card aria-labelledby="upgrade-title">
          <CardTitle id="upgrade-title">Kubernetes version</CardTitle>
          <p className="mb-2 text-sm">Desired {d.spec.kubernetesVersion}; control plane runs {d.runningVersion ?? "…"}.</p>
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
        <KubeconfigDownload name={d.name} disabled={d.phase !== "Ready" && d.phase !== "Degraded"} />
      </Card>
      {isPlatformAdmin && <DeleteTenant name={d.name} workers={d.workers.map((w) => w.name)} />}
    </div>
  );
}
