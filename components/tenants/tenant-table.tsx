"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { TenantBulkActions } from "@/components/tenants/tenant-bulk-actions";
import { useTenantColumns, type TenantRow } from "@/components/tenants/tenant-columns";
import { useLiveTenantList } from "@/components/tenants/use-live";
import { Skeleton } from "@/components/ui/skeleton";

// Fixed row height: windowing stays exact and live updates never make the list jump.
const ROW = 53;
const bulk = (rows: TenantRow[], clear: () => void) => <TenantBulkActions rows={rows} clear={clear} />;
const searchText = (t: TenantRow) => [t.name, t.displayName ?? "", t.version, t.cidr, ...t.owners].join(" ");

export function TenantTable({ canCreate }: { canCreate: boolean }) {
  const t = useTranslations("tenants.list");
  const columns = useTenantColumns();
  const trpc = useTRPC();
  const router = useRouter();
  const tenants = useQuery(trpc.tenants.list.queryOptions());
  const live = useLiveTenantList();

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
      {tenants.isPending ? (
        <div aria-busy="true" className="space-y-2"><Skeleton className="h-10" /><Skeleton className="h-10" /></div>
      ) : tenants.isError ? (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{t("loadError", { message: tenants.error.message })}</p>
      ) : (
        <ResourceTable label={t("title")} data={tenants.data} columns={columns} getRowId={(r) => r.name} virtualRowHeight={ROW}
          search={{ label: t("search"), placeholder: t("searchPlaceholder") }} searchText={searchText} noun={t("noun")}
          initialHidden={{ owners: false }} bulkActions={bulk} onOpen={(r) => router.push(`/tenants/${r.name}`)}
          empty={<p className="rounded-md border border-border p-6 text-fg-muted">{canCreate ? t("emptyCanCreate") : t("empty")}</p>} />
      )}
    </div>
  );
}
