"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { useSessionStream } from "@/components/resource/use-session-stream";
import { AuditFilters, type AuditFilterValues } from "@/components/audit/audit-filters";
import { AuditExport } from "@/components/audit/audit-export";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { readableInput } from "@/lib/audit/export";
import type { AuditQueryInput } from "@/lib/schemas/audit";
import type { AppRouter } from "@/server/api/root";

type Entry = inferRouterOutputs<AppRouter>["audit"]["list"]["items"][number];
const TONE = { success: "ok", denied: "alarm", error: "warn" } as const;
const PAGE = 50;
/** Date and time to the second, as toLocaleString() shows them, but in the console's language. */
const DATE_TIME = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit" } as const;

/** The audit log's columns, headed in the user's language; times in their locale and time zone. */
function useColumns(): ColumnDef<Entry, unknown>[] {
  const tc = useTranslations("audit.columns");
  const format = useFormatter();
  return useMemo<ColumnDef<Entry, unknown>[]>(() => [
    { id: "at", accessorKey: "at", header: tc("when"), meta: { className: "tabular-nums whitespace-nowrap" }, cell: ({ row: { original: e } }) => <time dateTime={e.at}>{format.dateTime(new Date(e.at), DATE_TIME)}</time> },
    { id: "user", accessorKey: "user", header: tc("user"), meta: { rowHeader: true }, cell: ({ row: { original: e } }) => <><span className="break-all">{e.user}</span>{e.sourceIp && <div className="text-xs text-fg-muted">{e.sourceIp}</div>}</> },
    { id: "action", accessorKey: "action", header: tc("action"), meta: { className: "font-mono text-xs" } },
    { id: "tenant", header: tc("tenant"), accessorFn: (e) => e.tenant ?? "–" },
    { id: "result", accessorKey: "result", header: tc("result"), cell: ({ row: { original: e } }) => <StatusPill tone={TONE[e.result]}>{e.result}{e.code ? ` (${e.code})` : ""}</StatusPill> },
    {
      id: "details", header: tc("details"), accessorFn: (e) => [e.message, e.input].filter(Boolean).join(" "), meta: { className: "max-w-md text-xs text-fg-muted" },
      cell: ({ row: { original: e } }) => (
        <>
          {e.message && <p className="break-words text-fg">{e.message}</p>}
          {readableInput(e.input).length > 0 && <ul className="mt-1 space-y-0.5 break-all font-mono">{readableInput(e.input).map((l, i) => <li key={i}>{l}</li>)}</ul>}
        </>
      ),
    },
  ], [tc, format]);
}

/** From the form's values to the query: empty fields are no filter; local times become ISO instants. */
export function auditQuery(f: AuditFilterValues): Omit<AuditQueryInput, "cursor"> {
  const q: Omit<AuditQueryInput, "cursor"> = { limit: PAGE };
  for (const k of ["user", "tenant", "action"] as const) if (f[k].trim()) q[k] = f[k].trim();
  if (f.result) q.result = f.result;
  if (f.from) q.from = new Date(f.from).toISOString();
  if (f.to) q.to = new Date(f.to).toISOString();
  return q;
}

/**
 * The audit view: filters and a time range applied on the server, pages loaded on demand, the newest page
 * pushed live as records are written, and an export of everything the filters match.
 */
export function AuditTable() {
  const t = useTranslations("audit");
  const tl = useTranslations("live");
  const columns = useColumns();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<AuditFilterValues>({ user: "", tenant: "", action: "", result: "", from: "", to: "" });
  const query = useMemo(() => auditQuery(filters), [filters]);
  const pagesOptions = trpc.audit.list.infiniteQueryOptions(query, { getNextPageParam: (last) => last.nextCursor });
  const pages = useInfiniteQuery(pagesOptions);
  const live = useSessionStream(useSubscription(trpc.audit.watch.subscriptionOptions(query, {
    // The newest page arrives by push; older pages already loaded stay, without the rows now on the first.
    onData: (first) => queryClient.setQueryData(pagesOptions.queryKey, (old) => (old ? { ...old, pages: [first, ...old.pages.slice(1)] } : old)),
  })));
  const rows = useMemo(() => {
    const seen = new Set<string>();
    return (pages.data?.pages ?? []).flatMap((p) => p.items).filter((e) => !seen.has(e.id) && seen.add(e.id));
  }, [pages.data]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <div className="flex items-center gap-3">
          <span role="status" className="text-xs text-fg-muted">{live.status === "pending" ? tl("live") : live.status === "connecting" ? tl("connecting") : tl("reconnecting")}</span>
          <AuditExport query={query} />
        </div>
      </div>
      <AuditFilters values={filters} onChange={setFilters} />
      {pages.isPending ? (
        <Skeleton className="h-24" />
      ) : pages.isError ? (
        <p role="alert" className="text-alarm">{t("loadError", { message: pages.error.message })}</p>
      ) : (
        <>
          <ResourceTable label={t("title")} data={rows} columns={columns} getRowId={(e) => e.id} noun={t("noun")}
            virtualRowHeight={rows.length > 200 ? 72 : undefined}
            empty={<p className="text-fg-muted">{t("empty")}</p>} />
          {pages.hasNextPage && (
            <Button variant="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
              {pages.isFetchingNextPage ? t("loadingOlder") : t("loadOlder")}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
