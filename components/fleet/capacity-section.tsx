"use client";

import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { StaleIndicator } from "@/components/fleet/stale-indicator";
import { UsageBar } from "@/components/fleet/usage-bar";
import { useLiveCapacity } from "@/components/fleet/use-live-fleet";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { SimulatedBadge } from "@/components/resource/simulated-badge";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import type { NodeCapacity } from "@/lib/fleet/capacity";
import { hotSpotOf } from "@/lib/fleet/usage";

/** The hypervisors (the under cluster's Nodes): allocatable against what VMs request, per node and in total, with overcommit. */
export function CapacitySection() {
  const t = useTranslations("fleet.capacity");
  const format = useFormatter();
  const trpc = useTRPC();
  const cap = useQuery(trpc.fleet.capacity.queryOptions());
  const live = useLiveCapacity();
  const num = (v: number) => format.number(v, { maximumFractionDigits: 2 });
  const pct = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 0 });
  const columns = useMemo<ColumnDef<NodeCapacity, unknown>[]>(() => [
    {
      id: "name", accessorKey: "name", header: t("node"), enableHiding: false, meta: { rowHeader: true, className: "font-mono" },
      cell: ({ row: { original: n } }) => <span className="flex flex-wrap items-center gap-2">{n.name}{n.simulated && <SimulatedBadge what={t("hypervisor")} />}</span>,
    },
    { id: "ready", header: t("ready"), accessorFn: (n) => (n.ready ? 1 : 0), cell: ({ row: { original: n } }) => <StatusPill tone={n.ready ? "ok" : "alarm"}>{n.ready ? t("isReady") : t("notReady")}</StatusPill> },
    { id: "vms", accessorKey: "vms", header: t("vms"), meta: { className: "tabular-nums" } },
    {
      id: "cpu", header: t("cpu"), accessorFn: (n) => n.cpuRatio,
      cell: ({ row: { original: n } }) => t("ofAllocatable", { requested: num(n.requested.cpu), allocatable: num(n.allocatable.cpu), ratio: pct(n.cpuRatio) }),
    },
    {
      id: "memory", header: t("memory"), accessorFn: (n) => n.memoryRatio,
      cell: ({ row: { original: n } }) => t("ofAllocatableGi", { requested: num(n.requested.memoryGi), allocatable: num(n.allocatable.memoryGi), ratio: pct(n.memoryRatio) }),
    },
  ], [t, format]);

  return (
    <Card aria-labelledby="capacity-title">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <CardTitle id="capacity-title" className="mb-0">{t("title")}</CardTitle>
        <StaleIndicator status={live} />
      </div>
      {cap.isPending ? (
        <div role="status" aria-busy="true" aria-label={t("loading")} className="space-y-3"><Skeleton className="h-6" /><Skeleton className="h-24" /></div>
      ) : cap.isError ? (
        <p role="alert" className="text-sm text-alarm">{t("loadError", { message: cap.error.message })}</p>
      ) : cap.data.nodes.length === 0 ? (
        <p className="text-sm text-fg-muted">{t("noNodes")}</p>
      ) : (
        <div className="space-y-4">
          <div className="grid gap-4 md:grid-cols-2">
            <UsageBar label={t("totalCpu")} meterLabel={t("meter", { key: t("totalCpu") })} level={hotSpotOf(cap.data.overcommit.cpu)} used={cap.data.total.requested.cpu} hard={cap.data.total.allocatable.cpu}
              valueText={t("total", { requested: num(cap.data.total.requested.cpu), allocatable: num(cap.data.total.allocatable.cpu), ratio: pct(cap.data.overcommit.cpu) })} />
            <UsageBar label={t("totalMemory")} meterLabel={t("meter", { key: t("totalMemory") })} level={hotSpotOf(cap.data.overcommit.memory)} used={cap.data.total.requested.memoryGi} hard={cap.data.total.allocatable.memoryGi}
              valueText={t("totalGi", { requested: num(cap.data.total.requested.memoryGi), allocatable: num(cap.data.total.allocatable.memoryGi), ratio: pct(cap.data.overcommit.memory) })} />
          </div>
          <p className="text-sm">{t("overcommit", { cpu: num(cap.data.overcommit.cpu), memory: num(cap.data.overcommit.memory), vms: cap.data.total.vms })}</p>
          {cap.data.unschedulable.length > 0 && (
            <div role="alert" className="rounded-md border border-warn/40 bg-warn/10 p-3 text-sm">
              <p className="font-medium">{t("unschedulable", { count: cap.data.unschedulable.length })}</p>
              <ul className="mt-1 space-y-1">
                {cap.data.unschedulable.map((u) => <li key={`${u.namespace}/${u.vm}`}><span className="font-mono">{u.namespace}/{u.vm}</span>: {u.message}</li>)}
              </ul>
            </div>
          )}
          <ResourceTable label={t("tableLabel")} data={cap.data.nodes} columns={columns} getRowId={(n) => n.name} />
        </div>
      )}
    </Card>
  );
}
