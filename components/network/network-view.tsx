"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
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
/** The paths' columns, headed in the user's language. */
function useColumns(): ColumnDef<Edge, unknown>[] {
  const tc = useTranslations("network.columns");
  return useMemo<ColumnDef<Edge, unknown>[]>(() => [
    { id: "from", header: tc("from"), accessorFn: (e) => label(e.from), meta: { rowHeader: true } },
    { id: "to", header: tc("to"), accessorFn: (e) => label(e.to) },
    {
      id: "verdict", header: tc("verdict"), accessorKey: "verdict", meta: { facet: { label: tc("verdict"), allLabel: tc("allVerdicts"), options: ["allow", "partial"] } },
      cell: ({ row: { original: e } }) => (
        <StatusPill tone={e.violation ? "alarm" : e.verdict === "partial" ? "warn" : "neutral"}>
          {e.verdict}{e.violation ? ` · ${tc("violation")}` : ""}{e.excepted ? ` · ${tc("excepted")}` : ""}
        </StatusPill>
      ),
    },
    { id: "ports", header: tc("ports"), accessorFn: (e) => (e.ports ?? [tc("allPorts")]).join(", ") + (e.oneway ? ` ${tc("oneway")}` : ""), meta: { className: "font-mono text-xs" } },
    {
      id: "reasons", header: tc("why"), accessorFn: (e) => e.reasons.map((r) => r.ref).join(" "), meta: { className: "max-w-lg text-xs" },
      cell: ({ row: { original: e } }) => (
        <ul className="space-y-0.5">
          {e.reasons.map((r, i) => (
            <li key={i}><span className="font-medium">{r.effect}</span> <span className="font-mono">{r.ref}{r.path ? ` ${r.path}` : ""}</span>{r.detail ? `: ${r.detail}` : ""}</li>
          ))}
        </ul>
      ),
    },
  ], [tc]);
}

/**
 * The cross-tenant network policy graph: every path that is not denied, why (the object and field that
 * decide it), and the violations, pushed live as the objects change. Deny is the default and not listed.
 */
export function NetworkView() {
  const t = useTranslations("network");
  const tl = useTranslations("live");
  const format = useFormatter();
  const columns = useColumns();
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

  if (graph.isPending) return <Skeleton className="h-40" aria-busy="true" aria-label={t("loading")} />;
  if (graph.isError) return <p role="alert" className="text-alarm">{t("loadError", { message: graph.error.message })}</p>;
  const d = graph.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <span role="status" className="text-xs text-fg-muted">{live.status === "pending" ? tl("live") : live.status === "connecting" ? tl("connecting") : tl("reconnecting")}</span>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card><CardTitle>{t("tenants")}</CardTitle><p className="text-2xl tabular-nums">{format.number(d.tenants.length)}</p></Card>
        <Card><CardTitle>{t("violations")}</CardTitle><p className={d.violations.length ? "text-2xl tabular-nums text-alarm" : "text-2xl tabular-nums"}>{format.number(d.violations.length)}</p></Card>
        <Card><CardTitle>{t("pathsNotDenied")}</CardTitle><p className="text-2xl tabular-nums">{format.number(d.edges.length)}</p></Card>
      </div>
      {d.unwatched.length > 0 && (
        <p className="text-sm text-fg-muted">{t("unwatched", { kinds: d.unwatched.join(", ") })}</p>
      )}
      <ResourceTable label={t("paths")} data={rows} columns={columns} getRowId={(e) => e.id} noun={t("noun")}
        empty={<p className="text-fg-muted">{t("empty")}</p>} />
      {d.warnings.length > 0 && (
        <Card aria-labelledby="warnings-title">
          <CardTitle id="warnings-title">{t("warnings")}</CardTitle>
          <ul className="space-y-1 text-sm">{d.warnings.map((w, i) => <li key={i}><span className="font-medium">{w.code}</span> <span className="font-mono text-xs">{w.ref}</span>{w.detail ? `: ${w.detail}` : ""}</li>)}</ul>
        </Card>
      )}
    </div>
  );
}
