"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRef } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { ConnectionBadge } from "@/components/under-cluster/connection-badge";
import { CrdTable } from "@/components/under-cluster/crd-table";
import { SimulatedBadge } from "@/components/resource/simulated-badge";
import { useSessionStream } from "@/components/resource/use-session-stream";

export function UnderClusterView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.underCluster.status.queryOptions());
  const wasLive = useRef(false);
  const live = useSessionStream(useSubscription(
    trpc.underCluster.watch.subscriptionOptions(undefined, {
      onData: (snap) => queryClient.setQueryData(trpc.underCluster.status.queryKey(), snap),
    }),
  ));

  if (status.isPending) {
    return (
      <div className="space-y-4" aria-busy="true" aria-label="Loading the under cluster">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (status.isError) {
    return (
      <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">
        Could not load the under cluster: {status.error.message}
      </p>
    );
  }
  const s = status.data;
  // Only a connection that was up and is lost makes the data stale; the first one is just starting.
  if (live.status === "pending") wasLive.current = true;
  const stale = wasLive.current && live.status !== "pending";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Under cluster</h1>
        <ConnectionBadge connection={s.connection} since={s.since} />
        {stale && (
          <StatusPill tone="warn" role="status">
            Live updates {live.status === "connecting" ? "reconnecting" : "paused"}: data may be stale
          </StatusPill>
        )}
      </div>
      {s.lastError && s.connection !== "connected" && (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-3 text-sm text-alarm">
          {s.lastError}
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-3">
        <Card aria-labelledby="api-title">
          <CardTitle id="api-title">API server</CardTitle>
          <dl className="space-y-2 text-sm">
            <div>
              <dt className="text-fg-muted">Version</dt>
              <dd className="font-mono" data-testid="server-version">
                {s.version?.gitVersion ?? "unknown"}
              </dd>
            </div>
            <div>
              <dt className="text-fg-muted">Endpoint</dt>
              <dd className="break-all font-mono">{s.server ?? "not configured"}</dd>
            </div>
            <div>
              <dt className="text-fg-muted">Credentials from</dt>
              <dd>{s.source ?? "none"}</dd>
            </div>
          </dl>
        </Card>
        <Card aria-labelledby="ready-title">
          <CardTitle id="ready-title">Readiness</CardTitle>
          <StatusPill tone={s.ready ? "ok" : "alarm"} aria-label={s.ready ? "Ready" : "Not ready"}>
            {s.ready ? "Ready" : "Not ready"}
          </StatusPill>
          {s.failedChecks.length > 0 && (
            <ul className="mt-3 list-disc pl-5 text-sm text-alarm">
              {s.failedChecks.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-xs text-fg-muted">Checked {new Date(s.checkedAt).toLocaleTimeString()}</p>
        </Card>
        <Card aria-labelledby="crd-count-title">
          <CardTitle id="crd-count-title">Custom resources</CardTitle>
          <p className="text-3xl font-semibold">{s.crdsSynced ? s.crds.length : "…"}</p>
          <p className="text-sm text-fg-muted">CRDs installed</p>
        </Card>
      </div>
      {s.embedded && (
        <Card aria-labelledby="provider-title">
          <CardTitle id="provider-title">Embedded mode: local infrastructure provider</CardTitle>
          <ul className="space-y-2 text-sm">
            <li className="flex flex-wrap items-center gap-2">
              <StatusPill tone="ok">Real</StatusPill> Hosted control planes (Kamaji&apos;s part): a dedicated etcd, kube-apiserver replicas behind a
              load balancer, controller-manager and scheduler per tenant, with a per-tenant CA.
            </li>
            <li className="flex flex-wrap items-center gap-2">
              <SimulatedBadge what="KubeVirt" /> Worker VMs go through their phases and register as Nodes in the tenant cluster; no VM boots.
            </li>
            <li className="flex flex-wrap items-center gap-2">
              <SimulatedBadge what="Kube-OVN" /> VPC and subnet status and IP addresses are reported; no packets are routed.
            </li>
          </ul>
        </Card>
      )}
      <Card aria-labelledby="crds-title">
        <CardTitle id="crds-title">Installed CRDs</CardTitle>
        <CrdTable crds={s.crds} synced={s.crdsSynced} />
      </Card>
    </div>
  );
}
