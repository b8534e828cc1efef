"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRef } from "react";
import { CapacitySection } from "@/components/fleet/capacity-section";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { ConnectionBadge } from "@/components/under-cluster/connection-badge";
import { CrdTable } from "@/components/under-cluster/crd-table";
import { SimulatedBadge } from "@/components/resource/simulated-badge";
import { useSessionStream } from "@/components/resource/use-session-stream";

export function UnderClusterView() {
  const t = useTranslations("underCluster");
  const tf = useTranslations("fleet.embedded");
  const format = useFormatter();
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
      <div role="status" className="space-y-4" aria-busy="true" aria-label={t("loading")}>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (status.isError) {
    return (
      <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">
        {t("loadError", { message: status.error.message })}
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
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <ConnectionBadge connection={s.connection} since={s.since} />
        {stale && (
          <StatusPill tone="warn" role="status">
            {live.status === "connecting" ? t("staleReconnecting") : t("stalePaused")}
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
          <CardTitle id="api-title">{t("apiServer")}</CardTitle>
          <dl className="space-y-2 text-sm">
            <div>
              <dt className="text-fg-muted">{t("version")}</dt>
              <dd className="font-mono" data-testid="server-version">
                {s.version?.gitVersion ?? t("unknown")}
              </dd>
            </div>
            <div>
              <dt className="text-fg-muted">{t("endpoint")}</dt>
              <dd className="break-all font-mono">{s.server ?? t("notConfigured")}</dd>
            </div>
            <div>
              <dt className="text-fg-muted">{t("credentials")}</dt>
              <dd>{s.source ?? t("none")}</dd>
            </div>
          </dl>
        </Card>
        <Card aria-labelledby="ready-title">
          <CardTitle id="ready-title">{t("readiness")}</CardTitle>
          <StatusPill tone={s.ready ? "ok" : "alarm"} aria-label={s.ready ? t("ready") : t("notReady")}>
            {s.ready ? t("ready") : t("notReady")}
          </StatusPill>
          {s.failedChecks.length > 0 && (
            <ul className="mt-3 list-disc pl-5 text-sm text-alarm">
              {s.failedChecks.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-xs text-fg-muted">{t("checked", { at: format.dateTime(new Date(s.checkedAt), { timeStyle: "medium" }) })}</p>
        </Card>
        <Card aria-labelledby="crd-count-title">
          <CardTitle id="crd-count-title">{t("customResources")}</CardTitle>
          <p className="text-3xl font-semibold">{s.crdsSynced ? format.number(s.crds.length) : "…"}</p>
          <p className="text-sm text-fg-muted">{t("crdsInstalled")}</p>
        </Card>
      </div>
      {s.embedded && (
        <Card aria-labelledby="provider-title">
          <CardTitle id="provider-title">{t("provider.title")}</CardTitle>
          <ul className="space-y-2 text-sm">
            <li className="flex flex-wrap items-center gap-2">
              <StatusPill tone="ok">{t("provider.real")}</StatusPill> {t("provider.kamaji")}
            </li>
            <li className="flex flex-wrap items-center gap-2">
              <SimulatedBadge what="KubeVirt" /> {t("provider.kubevirt")}
            </li>
            <li className="flex flex-wrap items-center gap-2">
              <SimulatedBadge what="Kube-OVN" /> {t("provider.kubeovn")}
            </li>
            <li className="flex flex-wrap items-center gap-2">
              <SimulatedBadge what={tf("hypervisors")} /> {tf("hypervisorsText")}
            </li>
          </ul>
        </Card>
      )}
      <CapacitySection />
      <Card aria-labelledby="crds-title">
        <CardTitle id="crds-title">{t("installedCrds")}</CardTitle>
        <CrdTable crds={s.crds} synced={s.crdsSynced} />
      </Card>
    </div>
  );
}
