"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { TenantBulkActions } from "@/components/tenants/tenant-bulk-actions";
import { useTenantColumns, type TenantRow } from "@/components/tenants/tenant-columns";
import { useLiveTenantList } from "@/components/tenants/use-live";
import { Skeleton } from "@/components/ui/skeleton";
import { needsAttention } from "@/lib/overview/fleet";
import type { TenantListFilter } from "@/lib/overview/tenant-filter";

// Fixed row height: windowing stays exact and live updates never make the list jump.
const ROW = 53;
const bulk = (rows: TenantRow[], clear: () => void) => <TenantBulkActions rows={rows} clear={clear} />;
const searchText = (t: TenantRow) => [t.name, t.displayName ?? "", t.version, t.cidr, ...t.owners].join(" ");

/** With a quota level (links from the overview), the tenants whose fullest quota line reaches it, kept current by push. */
function useQuotaHot(level: TenantListFilter["quota"]): Set<string> | undefined {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const usage = useQuery(trpc.fleet.usage.queryOptions(undefined, { enabled: !!level }));
  useSubscription(trpc.fleet.watchUsage.subscriptionOptions(undefined, { enabled: !!level, onData: (d) => qc.setQueryData(trpc.fleet.usage.queryKey(), d) }));
  return useMemo(() => {
    if (!level || !usage.data) return undefined;
    const min = Number(level) / 100;
    return new Set(usage.data.tenants.filter((u) => u.lines.some((l) => l.ratio !== undefined && l.ratio >= min)).map((u) => u.tenant));
  }, [level, usage.data]);
}

/** `filter` comes from the page's URL (links from the overview): a phase preselects the phase facet, "attention" narrows the rows. */
export function TenantTable({ canCreate, filter = {} }: { canCreate: boolean; filter?: TenantListFilter }) {
  const t = useTranslations("tenants.list");
  const columns = useTenantColumns();
  const trpc = useTRPC();
  const router = useRouter();
  const tenants = useQuery(trpc.tenants.list.queryOptions());
  const live = useLiveTenantList();
  const tOverview = useTranslations("overview.filter");
  const { attention, quota } = filter;
  const hot = useQuotaHot(quota);
  const rows = useMemo(() => {
    let r = tenants.data;
    if (r && attention) r = r.filter((x) => needsAttention(x, attention));
    if (r && quota) r = hot ? r.filter((x) => hot.has(x.name)) : [];
    return r;
  }, [tenants.data, attention, quota, hot]);
  const initialColumnFilters = useMemo(() => (filter.phase ? [{ id: "phase", value: filter.phase }] : undefined), [filter.phase]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <LiveIndicator status={live} />
        {canCreate && (
          <Link href="/tenants/new" className="ml-auto rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-fg">
            {t("new")}
          </Link>
        )}
      </div>
      {(attention || quota) && (
        <p role="status" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="rounded-full bg-warn/15 px-2.5 py-0.5 font-medium text-warn">
            {quota ? tOverview("quota", { percent: quota }) : tOverview(attention === "workers" ? "workers" : "controlPlane")}
          </span>
          <Link href={filter.phase ? `/tenants?phase=${filter.phase}` : "/tenants"} className="text-accent underline">{tOverview("clear")}</Link>
        </p>
      )}
      {tenants.isPending ? (
        <div aria-busy="true" className="space-y-2"><Skeleton className="h-10" /><Skeleton className="h-10" /></div>
      ) : tenants.isError ? (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{t("loadError", { message: tenants.error.message })}</p>
      ) : (
        <ResourceTable key={`${filter.phase ?? ""}|${attention ?? ""}|${quota ?? ""}`} label={t("title")} data={rows ?? []} columns={columns} getRowId={(r) => r.name} virtualRowHeight={ROW}
          search={{ label: t("search"), placeholder: t("searchPlaceholder") }} searchText={searchText} noun={t("noun")}
          initialHidden={{ owners: false }} initialColumnFilters={initialColumnFilters} bulkActions={bulk} onOpen={(r) => router.push(`/tenants/${r.name}`)}
          empty={<p className="rounded-md border border-border p-6 text-fg-muted">{canCreate ? t("emptyCanCreate") : t("empty")}</p>} />
      )}
    </div>
  );
}
