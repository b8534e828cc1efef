"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { useSessionStream } from "@/components/resource/use-session-stream";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import type { AppRouter } from "@/server/api/root";

type View = inferRouterOutputs<AppRouter>["network"]["graph"];
type Edge = View["edges"][number] & { id: string; violation: boolean };

const label = (id: string) => (id.startsWith("tenant:") ? id.slice("tenant:".length) : id);
const columns: ColumnDef<Edge, unknown>[] = [
  { id: "from", header: "From", accessorFn: (e) => label(e.from), meta: { rowHeader: true } },
  { id: "to", header: "To", accessorFn: (e) => label(e.to) },
  {
    id: "verdict", header: "Verdict", accessorKey: "verdict", meta: { facet: { label: "Verdict", allLabel: "All verdicts", options: ["allow", "partial"] } },
    cell: ({ row: { original: e } }) => (
      <StatusPill tone={e.violation ? "alarm" : e.verdict === "partial" ? "warn" : "neutral"}>
        {e.verdict}{e.violation ? " · violation" : ""}{e.excepted ? " · excepted" : ""}
      </StatusPill>
    ),
  },
  { id: "ports", header: "Ports", accessorFn: (e) => (e.ports ?? ["all"]).join(", ") + (e.oneway ? " (one-way)" : ""), meta: { className: "font-mono text-xs" } },
  {
    id: "reasons", header: "Why", accessorFn: (e) => e.reasons.map((r) => r.ref).join(" "), meta: { className: "max-w-lg text-xs" },
    cell: ({ row: { original: e } }) => (
      <ul className="space-y-0.5">
        {e.reasons.map((r, i) => (
          <li key={i}><span className="font-medium">{r.effect}</span> <span className="font-mono">{r.ref}{r.path ? ` ${r.path}` : ""}</span>{r.detail ? `: ${r.detail}` : ""}</li>
        ))}
      </ul>
    ),
  },
];

/**
 * The cross-tenant network policy graph: every path that is not denied, why (the object and field that
 * decide it), and the violations, pushed live as the objects change. Deny is the default and not listed.
 */
export function NetworkView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const graph = useQuery(trpc.network.graph.queryOptions());
  const live = useSessionStream(useSubscription(trpc.network.watchGraph.subscriptionOptions(undefined, {
    onData: (v) => queryClient.setQueryData(trpc.network.graph.queryKey(), v),
  })));
  const rows = useMemo<Edge[]>(() => {
    if (!graph.data) return [];
    const bad = new Set(graph.data.violations.map((v) => `${v.from}>${v.to}`));
    return graph.data.edges.map((e) => ({ ...e, id: `${e.from}>${e.to}`, violation: bad.has(`${e.from}>${e.to}`) }));
  }, [graph.data]);

  if (graph.isPending) return <Skeleton className="h-40" aria-busy="true" aria-label="Loading the network policy graph" />;
  if (graph.isError) return <p role="alert" className="text-alarm">Could not load the network policy graph: {graph.error.message}</p>;
  const d = graph.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Network policy graph</h1>
        <span role="status" className="text-xs text-fg-muted">{live.status === "pending" ? "Live" : live.status === "connecting" ? "Connecting…" : "Reconnecting…"}</span>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card><CardTitle>Tenants</CardTitle><p className="text-2xl tabular-nums">{d.tenants.length}</p></Card>
        <Card><CardTitle>Violations</CardTitle><p className={d.violations.length ? "text-2xl tabular-nums text-alarm" : "text-2xl tabular-nums"}>{d.violations.length}</p></Card>
        <Card><CardTitle>Paths not denied</CardTitle><p className="text-2xl tabular-nums">{d.edges.length}</p></Card>
      </div>
      {d.unwatched.length > 0 && (
        <p className="text-sm text-fg-muted">Not on this under cluster (no such resource yet): {d.unwatched.join(", ")}. They count as absent.</p>
      )}
      <ResourceTable label="Reachable paths" data={rows} columns={columns} getRowId={(e) => e.id} noun="paths"
        empty={<p className="text-fg-muted">No tenant reaches another tenant, the platform or the outside: everything is isolated.</p>} />
      {d.warnings.length > 0 && (
        <Card aria-labelledby="warnings-title">
          <CardTitle id="warnings-title">Warnings</CardTitle>
          <ul className="space-y-1 text-sm">{d.warnings.map((w, i) => <li key={i}><span className="font-medium">{w.code}</span> <span className="font-mono text-xs">{w.ref}</span>{w.detail ? `: ${w.detail}` : ""}</li>)}</ul>
        </Card>
      )}
    </div>
  );
}
