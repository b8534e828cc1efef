"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { PhaseBadge } from "@/components/tenants/phase-badge";
import type { AppRouter } from "@/server/api/root";

export type TenantRow = inferRouterOutputs<AppRouter>["tenants"]["list"][number];
export const TENANT_PHASES = ["Ready", "Updating", "Provisioning", "Pending", "Degraded", "Refused", "Deleting"] as const;

export const tenantColumns: ColumnDef<TenantRow, unknown>[] = [
  {
    id: "name", accessorKey: "name", header: "Name", enableHiding: false, meta: { rowHeader: true },
    cell: ({ row: { original: t } }) => (
      <>
        <Link href={`/tenants/${t.name}`} tabIndex={-1} className="font-medium text-accent underline-offset-2 hover:underline">{t.name}</Link>
        {/* The bench's change→DOM probe watches this element. */}
        {t.displayName && <div className="truncate text-xs font-normal text-fg-muted" data-testid={`display-${t.name}`}>{t.displayName}</div>}
      </>
    ),
  },
  { id: "phase", accessorKey: "phase", header: "Phase", cell: ({ row }) => <PhaseBadge phase={row.original.phase} activity={row.original.activity} />, meta: { facet: { label: "Phase", allLabel: "All phases", options: TENANT_PHASES } } },
  { id: "version", accessorKey: "version", header: "Version", meta: { className: "font-mono text-xs" } },
  { id: "networkMode", accessorKey: "networkMode", header: "Network mode", meta: { className: "font-mono text-xs", facet: { label: "Network mode", allLabel: "All networks", options: ["overlay", "vlan"] } } },
  { id: "cidr", accessorKey: "cidr", header: "CIDR", meta: { className: "font-mono text-xs" } },
  {
    id: "workers", header: "Workers", accessorFn: (t) => t.readyWorkers, meta: { className: "tabular-nums" },
    cell: ({ row: { original: t } }) => `${t.readyWorkers}/${t.desiredWorkers}`,
  },
  { id: "owners", header: "Owners", accessorFn: (t) => t.owners.join(", "), meta: { className: "text-xs" } },
  { id: "endpoint", header: "Endpoint", accessorFn: (t) => t.endpoint ?? "–", meta: { className: "font-mono text-xs" } },
];
