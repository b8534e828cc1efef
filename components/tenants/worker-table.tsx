"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { ResourceTable } from "@/components/resource/resource-table";
import { VmActions } from "@/components/tenants/vm-actions";
import { StatusPill } from "@/components/ui/status-pill";
import type { TenantDetailData } from "@/components/tenants/tenant-detail-types";

type Worker = TenantDetailData["workers"][number];


/** The tenant's worker VMs; platform admins get power actions per row. */
export function WorkerTable({ tenant, workers, canAct }: { tenant: string; workers: Worker[]; canAct: boolean }) {
  const t = useTranslations("tenants.workers");
  const tf = useTranslations("fleet.workers");
  const columns = useMemo<ColumnDef<Worker, unknown>[]>(() => [
    { id: "name", accessorKey: "name", header: t("name"), enableHiding: false, meta: { rowHeader: true, className: "font-mono" } },
    { id: "pool", accessorKey: "pool", header: t("pool") },
    {
      id: "phase", accessorKey: "phase", header: t("phase"),
      cell: ({ row: { original: w } }) => (
        <span className="flex flex-col items-start gap-1">
          <StatusPill tone={w.ready ? "ok" : w.unschedulable ? "alarm" : "warn"}>{w.phase}</StatusPill>
          {w.unschedulable && <span className="text-xs text-alarm">{tf("unschedulable", { message: w.unschedulable })}</span>}
        </span>
      ),
    },
    { id: "node", header: tf("node"), accessorFn: (w) => w.node ?? "–", meta: { className: "font-mono" } },
    { id: "ip", header: t("ip"), accessorFn: (w) => w.ip ?? "–", meta: { className: "font-mono" } },
    { id: "size", header: t("size"), accessorFn: (w) => w.vcpu, cell: ({ row: { original: w } }) => t("sizeValue", { vcpu: w.vcpu, memory: w.memory }) },
  ], [t, tf]);
  return (
    <ResourceTable label={t("label")} data={workers} columns={columns} getRowId={(w) => w.name}
      rowActions={canAct ? (w) => <VmActions name={tenant} vm={w.name} running={w.phase !== "Stopped"} /> : undefined} />
  );
}
