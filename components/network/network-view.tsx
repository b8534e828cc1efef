"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useState } from "react";
import { EdgeDetails } from "@/components/network/edge-details";
import { ExceptionsPanel } from "@/components/network/exceptions-panel";
import { TraceForm } from "@/components/network/trace-form";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { useSessionStream } from "@/components/resource/use-session-stream";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { GRAPH_LIMIT, drawEdges, drawNodes, nodeLabel, type DrawEdge } from "@/lib/network/drawing";
import type { AppRouter } from "@/server/api/root";

type View = inferRouterOutputs<AppRouter>["network"]["graph"];
type Row = View["edges"][number] & { id: string; violation: boolean };

// The drawing code (xyflow, ELK, the matrix) loads only when the graph tab shows it, not with the page.
function CanvasLoading() {
  const tg = useTranslations("network.graph");
  return <Skeleton className="h-full min-h-80" aria-busy="true" aria-label={tg("loadingCanvas")} />;
}
const GraphCanvas = dynamic(() => import("@/components/network/graph-canvas"), { ssr: false, loading: CanvasLoading });
const MatrixCanvas = dynamic(() => import("@/components/network/matrix-canvas"), { ssr: false, loading: CanvasLoading });

/** The paths' columns, headed in the user's language; each row opens its edge. */
function useColumns(open: (e: Row) => void): ColumnDef<Row, unknown>[] {
  const tc = useTranslations("network.columns");
  return useMemo<ColumnDef<Row, unknown>[]>(() => [
    { id: "from", header: tc("from"), accessorFn: (e) => nodeLabel(e.from), meta: { rowHeader: true } },
    { id: "to", header: tc("to"), accessorFn: (e) => nodeLabel(e.to) },
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
    {
      id: "open", header: () => <span className="sr-only">{tc("details")}</span>, enableSorting: false,
      cell: ({ row: { original: e } }) => <Button size="sm" variant="ghost" onClick={() => open(e)} aria-label={tc("detailsOf", { from: nodeLabel(e.from), to: nodeLabel(e.to) })}>{tc("details")}</Button>,
    },
  ], [tc, open]);
}

type Selected = Pick<DrawEdge, "id" | "from" | "to">;

/**
 * The cross-tenant network policy graph, pushed live as the objects change: drawn as a graph (small fleets)
 * or a tenant × tenant matrix (large ones), every path that is not denied as a table, the policy exceptions,
 * and "Can A reach B?". Deny is the default: not drawn unless asked for. Tenant roles see their own tenants;
 * every other tenant is "another tenant" (the server names no one else).
 */
export function NetworkView({ canManage = false, fleet = false }: { canManage?: boolean; fleet?: boolean }) {
  const t = useTranslations("network");
  const tl = useTranslations("live");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const graph = useQuery(trpc.network.graph.queryOptions());
  const live = useSessionStream(useSubscription(trpc.network.watchGraph.subscriptionOptions(undefined, {
    onData: (v) => queryClient.setQueryData(trpc.network.graph.queryKey(), v),
  })));
  const [tab, setTab] = useState("graph");
  const [showDeny, setShowDeny] = useState(false);
  const [mode, setMode] = useState<"auto" | "graph" | "matrix">("auto");
  const [selected, setSelected] = useState<Selected>();
  const [prefill, setPrefill] = useState<{ from: string; to: string; n: number }>();
  const open = useMemo(() => (e: Row) => { setSelected({ id: e.id, from: e.from, to: e.to }); setTab("graph"); }, []);
  const columns = useColumns(open);
  const rows = useMemo<Row[]>(() => {
    if (!graph.data) return [];
    const bad = new Set(graph.data.violations.map((v) => `${v.from}>${v.to}`));
    return graph.data.edges.map((e) => ({ ...e, id: `${e.from}>${e.to}`, violation: bad.has(`${e.from}>${e.to}`) }));
  }, [graph.data]);
  const nodes = useMemo(() => (graph.data ? drawNodes(graph.data) : []), [graph.data]);
  const large = (graph.data?.tenants.length ?? 0) > GRAPH_LIMIT;
  // The automatic choice is made once, with the first data: a fleet that grows past the limit while the page is
  // open does not turn the drawing under the user's eyes (or keyboard focus) into the matrix.
  const [autoChoice, setAutoChoice] = useState<"graph" | "matrix">();
  useEffect(() => {
    if (graph.data && !autoChoice) setAutoChoice(large ? "matrix" : "graph");
  }, [graph.data, autoChoice, large]);
  const shown = mode === "auto" ? (autoChoice ?? (large ? "matrix" : "graph")) : mode;
  const edges = useMemo(() => (graph.data ? drawEdges(graph.data, showDeny && shown === "graph") : []), [graph.data, showDeny, shown]);

  if (graph.isPending) return <Skeleton className="h-40" aria-busy="true" aria-label={t("loading")} />;
  if (graph.isError) return <p role="alert" className="text-alarm">{t("loadError", { message: graph.error.message })}</p>;
  const d = graph.data;
  const selectedEdge = selected && (edges.find((e) => e.id === selected.id) ?? drawEdges(d).find((e) => e.id === selected.id) ?? selected);
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
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label={t("viewsLabel")}>
          <TabsTrigger value="graph">{t("tabs.graph")}</TabsTrigger>
          <TabsTrigger value="paths">{t("tabs.paths")}</TabsTrigger>
          {fleet && <TabsTrigger value="exceptions">{t("tabs.exceptions", { count: d.exceptions.length })}</TabsTrigger>}
          <TabsTrigger value="trace">{t("tabs.trace")}</TabsTrigger>
        </TabsList>
        <TabsContent value="graph" className="space-y-3">
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <div role="group" aria-label={t("graph.modeLabel")} className="inline-flex gap-1 rounded-md bg-surface-sunken p-1">
              {(["graph", "matrix"] as const).map((m) => (
                <Button key={m} size="sm" variant={shown === m ? "secondary" : "ghost"} aria-pressed={shown === m} onClick={() => setMode(m)}>{t(`graph.mode.${m}`)}</Button>
              ))}
            </div>
            {shown === "matrix" && mode === "auto" && <span className="text-xs text-fg-muted">{t("graph.autoMatrix", { limit: GRAPH_LIMIT })}</span>}
            {shown === "graph" && (
              <label className="flex items-center gap-2">
                <Checkbox checked={showDeny} onCheckedChange={(v) => setShowDeny(v === true)} />
                {t("graph.showDeny")}
              </label>
            )}
            <span className="flex flex-wrap items-center gap-3 text-xs text-fg-muted">
              <span className="inline-flex items-center gap-1"><span aria-hidden className="inline-block h-0.5 w-5 bg-alarm" />{t("graph.legendAllow")}</span>
              <span className="inline-flex items-center gap-1"><span aria-hidden className="inline-block h-0.5 w-5 bg-warn" />{t("graph.legendPartial")}</span>
              <span className="inline-flex items-center gap-1"><span aria-hidden className="inline-block h-1 w-5 bg-fg" />{t("graph.legendViolation")}</span>
              <span className="inline-flex items-center gap-1"><span aria-hidden className="inline-block w-5 border-t-2 border-dashed border-fg-muted" />{t("graph.legendExcepted")}</span>
            </span>
          </div>
          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_24rem]">
            <div className="h-[32rem] rounded-md border border-border bg-surface-raised">
              {shown === "graph"
                ? <GraphCanvas nodes={nodes} edges={edges} selected={selected?.id} onSelect={(id) => { const e = edges.find((x) => x.id === id); if (e) setSelected(e); }} />
                : <MatrixCanvas nodes={nodes} edges={edges} selected={selected?.id} onSelect={setSelected} />}
            </div>
            <div>
              {selectedEdge
                ? <EdgeDetails key={selectedEdge.id} edge={selectedEdge} onClose={() => setSelected(undefined)}
                  onExcept={canManage ? (from, to) => { setPrefill((p) => ({ from, to, n: (p?.n ?? 0) + 1 })); setTab("exceptions"); } : undefined} />
                : <p className="text-sm text-fg-muted">{t("graph.pickEdge")}</p>}
            </div>
          </div>
        </TabsContent>
        <TabsContent value="paths">
          <ResourceTable label={t("paths")} data={rows} columns={columns} getRowId={(e) => e.id} noun={t("noun")}
            empty={<p className="text-fg-muted">{t("empty")}</p>} />
        </TabsContent>
        {fleet && (
          <TabsContent value="exceptions">
            <ExceptionsPanel tenants={d.tenants} exceptions={d.exceptions} canManage={canManage} prefill={prefill} />
          </TabsContent>
        )}
        <TabsContent value="trace">
          <TraceForm tenants={d.tenants} />
        </TabsContent>
      </Tabs>
      {d.warnings.length > 0 && (
        <Card aria-labelledby="warnings-title">
          <CardTitle id="warnings-title">{t("warnings")}</CardTitle>
          <ul className="space-y-1 text-sm">{d.warnings.map((w, i) => <li key={i}><span className="font-medium">{w.code}</span> <span className="font-mono text-xs">{w.ref}</span>{w.path ? <span className="font-mono text-xs"> {w.path}</span> : null}{w.detail ? `: ${w.detail}` : ""}</li>)}</ul>
        </Card>
      )}
    </div>
  );
}
