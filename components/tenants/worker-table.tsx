"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ResourceTable } from "@/components/resource/resource-table";
import { VmActions } from "@/components/tenants/vm-actions";
import { StatusPill } from "@/components/ui/status-pill";
import type { TenantDetailData } from "@/components/tenants/tenant-detail-types";

type Worker = TenantDetailData["workers"][number];

const columns: ColumnDef<Worker, unknown>[] = [
  { id: "name", accessorKey: "name", header: "VM / Node", enableHiding: false, meta: { rowHeader: true, className: "font-mono" } },
  { id: "pool", accessorKey: "pool", header: "Pool" },
  { id: "phase", accessorKey: "phase", header: "Phase", cell: ({ row: { original: w } }) => <StatusPill tone={w.ready ? "ok" : "warn"}>{w.phase}</StatusPill> },
  { id: "ip", header: "IP", accessorFn: (w) => w.ip ?? "–", meta: { className: "font-mono" } },
  { id: "size", header: "Size", accessorFn: (w) => w.vcpu, cell: ({ row: { original: w } }) => `${w.vcpu} vCPU, ${w.memory}` },
];

/** The tenant's worker VMs; platform admins get power actions per row. */
export function WorkerTable({ tenant, workers, canAct }: { tenant: string; workers: Worker[]; canAct: boolean }) {
  return (
    <ResourceTable label="Worker VMs" data={workers} columns={columns} getRowId={(w) => w.name}
      rowActions={canAct ? (w) => <VmActions name={tenant} vm={w.name} running={w.phase !== "Stopped"} /> : undefined} />
  );
}
