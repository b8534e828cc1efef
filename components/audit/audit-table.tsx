"use client";

import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import type { AppRouter } from "@/server/api/root";

type Entry = inferRouterOutputs<AppRouter>["audit"]["list"][number] & { key: string };
const TONE = { success: "ok", denied: "alarm", error: "warn" } as const;

const columns: ColumnDef<Entry, unknown>[] = [
  { id: "at", accessorKey: "at", header: "When", meta: { className: "tabular-nums" }, cell: ({ row: { original: e } }) => <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> },
  { id: "user", accessorKey: "user", header: "User", cell: ({ row: { original: e } }) => <>{e.user}{e.sourceIp && <div className="text-xs text-fg-muted">{e.sourceIp}</div>}</> },
  { id: "action", accessorKey: "action", header: "Action", meta: { className: "font-mono text-xs" } },
  { id: "tenant", header: "Tenant", accessorFn: (e) => e.tenant ?? "–" },
  {
    id: "result", accessorKey: "result", header: "Result", meta: { facet: { label: "Result", allLabel: "All results", options: ["success", "denied", "error"] } },
    cell: ({ row: { original: e } }) => <StatusPill tone={TONE[e.result]}>{e.result}{e.code ? ` (${e.code})` : ""}</StatusPill>,
  },
  { id: "details", header: "Details", accessorFn: (e) => e.message ?? e.input ?? "", meta: { className: "max-w-md break-words text-xs text-fg-muted" } },
];

export function AuditTable() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState({ tenant: "", user: "", action: "" });
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v.trim())) as { tenant?: string; user?: string; action?: string };
  const audit = useQuery({ ...trpc.audit.list.queryOptions(clean), refetchOnWindowFocus: true });
  // Records have no id of their own; the position in the answer tells rows apart.
  const rows = useMemo(() => audit.data?.map((e, i) => ({ ...e, key: String(i) })) ?? [], [audit.data]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <div className="flex flex-wrap gap-3" role="search" aria-label="Audit records">
        {(["tenant", "user", "action"] as const).map((k) => (
          <div key={k}>
            <Label htmlFor={`audit-${k}`} className="font-normal text-fg-muted">{k[0]!.toUpperCase() + k.slice(1)}</Label>
            <Input id={`audit-${k}`} className="w-56" value={filter[k]} aria-describedby={k === "action" ? "audit-action-hint" : undefined} onChange={(e) => setFilter({ ...filter, [k]: e.target.value })} />
          </div>
        ))}
        <p id="audit-action-hint" className="w-full text-xs text-fg-muted">Action: a procedure, e.g. tenants.kubeconfig</p>
      </div>
      {audit.isPending ? (
        <Skeleton className="h-24" />
      ) : audit.isError ? (
        <p role="alert" className="text-alarm">Could not load the audit log: {audit.error.message}</p>
      ) : (
        <ResourceTable label="Audit log" data={rows} columns={columns} getRowId={(e) => e.key}
          virtualRowHeight={audit.data.length > 200 ? 64 : undefined} noun="records"
          empty={<p className="text-fg-muted">No recorded actions match.</p>} />
      )}
    </div>
  );
}
