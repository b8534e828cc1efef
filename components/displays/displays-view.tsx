"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { toast } from "sonner";
import { CreateDisplayForm } from "@/components/displays/create-display-form";
import { useTRPC } from "@/components/providers/trpc-provider";
import { RelativeTime } from "@/components/resource/relative-time";
import { ResourceTable } from "@/components/resource/resource-table";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import type { AppRouter } from "@/server/api/root";

type Display = inferRouterOutputs<AppRouter>["displays"]["list"][number];

function RevokeButton({ display }: { display: Display }) {
  const t = useTranslations("noc.displays");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const revoke = useMutation(trpc.displays.revoke.mutationOptions({
    onSuccess: () => {
      toast.success(t("revoked", { name: display.name }));
      void qc.invalidateQueries(trpc.displays.list.pathFilter());
    },
    onError: (e) => showMutationError(e, { title: t("revokeFailed", { name: display.name }) }),
  }));
  if (display.state !== "active") return null;
  return (
    <Button size="sm" variant="secondary" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: display.id })} aria-label={t("revokeNamed", { name: display.name })}>
      {revoke.isPending ? t("revoking") : t("revoke")}
    </Button>
  );
}

/** Platform admins: the NOC displays, their links' state, and revocation. */
export function DisplaysView() {
  const t = useTranslations("noc.displays");
  const trpc = useTRPC();
  const displays = useQuery(trpc.displays.list.queryOptions());
  const columns = useMemo((): ColumnDef<Display, unknown>[] => [
    { id: "name", accessorKey: "name", header: t("name"), enableHiding: false, meta: { rowHeader: true } },
    {
      id: "state", accessorFn: (d) => t(`states.${d.state}`), header: t("state"),
      cell: ({ row: { original: d } }) => <StatusPill tone={d.state === "active" ? "ok" : d.state === "revoked" ? "alarm" : "neutral"}>{t(`states.${d.state}`)}</StatusPill>,
    },
    { id: "createdBy", accessorKey: "createdBy", header: t("createdBy") },
    { id: "created", accessorKey: "createdAt", header: t("created"), cell: ({ row: { original: d } }) => <RelativeTime date={d.createdAt} /> },
    { id: "expires", accessorKey: "expiresAt", header: t("expires"), cell: ({ row: { original: d } }) => <RelativeTime date={d.expiresAt} /> },
    { id: "revokedBy", accessorFn: (d) => d.revokedBy ?? "", header: t("revokedBy") },
  ], [t]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-fg-muted">{t("intro")}</p>
      </div>
      <CreateDisplayForm />
      {displays.isPending ? (
        <div aria-busy="true" className="space-y-2"><Skeleton className="h-10" /><Skeleton className="h-10" /></div>
      ) : displays.isError ? (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{t("loadError", { message: displays.error.message })}</p>
      ) : (
        <ResourceTable label={t("title")} data={displays.data} columns={columns} getRowId={(d) => d.id} rowActions={(d) => <RevokeButton display={d} />}
          empty={<p className="rounded-md border border-border p-6 text-fg-muted">{t("empty")}</p>} />
      )}
    </div>
  );
}
