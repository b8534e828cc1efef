"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo } from "react";
import { RelativeTime } from "@/components/resource/relative-time";
import { PhaseBadge } from "@/components/tenants/phase-badge";
import type { AppRouter } from "@/server/api/root";

export type TenantRow = inferRouterOutputs<AppRouter>["tenants"]["list"][number];
// Phases are the Tenant's status.phase, an API value: shown as the API names them, in every language.
export const TENANT_PHASES = ["Ready", "Updating", "Provisioning", "Pending", "Degraded", "Refused", "Deleting"] as const;

/** The tenant list's columns, headed in the user's language. */
export function useTenantColumns(): ColumnDef<TenantRow, unknown>[] {
  const t = useTranslations("tenants.columns");
  const format = useFormatter();
  return useMemo(() => [
    {
      id: "name", accessorKey: "name", header: t("name"), enableHiding: false, meta: { rowHeader: true, width: { min: 12, grow: 2 } },
      cell: ({ row: { original: r } }) => (
        <>
          <Link href={`/tenants/${r.name}`} prefetch={false} tabIndex={-1} className="font-medium text-accent underline-offset-2 hover:underline">{r.name}</Link>
          {/* The bench's change→DOM probe watches this element. */}
          {r.displayName && <div className="truncate text-xs font-normal text-fg-muted" data-testid={`display-${r.name}`}>{r.displayName}</div>}
        </>
      ),
    },
    { id: "phase", accessorKey: "phase", header: t("phase"), cell: ({ row }) => <PhaseBadge phase={row.original.phase} activity={row.original.activity} />, meta: { width: { min: 10, grow: 1 }, facet: { label: t("phase"), allLabel: t("allPhases"), options: TENANT_PHASES } } },
    { id: "version", accessorKey: "version", header: t("version"), meta: { className: "font-mono text-xs", width: { min: 6, grow: 0.5 } } },
    { id: "networkMode", accessorKey: "networkMode", header: t("networkMode"), meta: { className: "font-mono text-xs", width: { min: 7, grow: 0.5 }, facet: { label: t("networkMode"), allLabel: t("allNetworks"), options: ["overlay", "vlan"] } } },
    { id: "cidr", accessorKey: "cidr", header: t("cidr"), meta: { className: "font-mono text-xs", width: { min: 9, grow: 1 } } },
    {
      id: "workers", header: t("workers"), accessorFn: (r) => r.readyWorkers, meta: { className: "tabular-nums", width: { min: 6, grow: 0 } },
      cell: ({ row: { original: r } }) => `${format.number(r.readyWorkers)}/${format.number(r.desiredWorkers)}`,
    },
    { id: "owners", header: t("owners"), accessorFn: (r) => r.owners.join(", "), meta: { className: "text-xs", width: { min: 8, grow: 1 } } },
    { id: "endpoint", header: t("endpoint"), accessorFn: (r) => r.endpoint ?? "–", meta: { className: "font-mono text-xs", width: { min: 12, grow: 1.5 } } },
    {
      id: "created", header: t("created"), accessorFn: (r) => r.createdAt ?? "", enableGlobalFilter: false, meta: { className: "whitespace-nowrap text-xs text-fg-muted", width: { min: 7, grow: 0.5 } },
      cell: ({ row: { original: r } }) => (r.createdAt ? <RelativeTime date={r.createdAt} /> : "–"),
    },
  ], [t, format]);
}
