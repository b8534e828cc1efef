import { getTranslations } from "next-intl/server";
import { TenantTable } from "@/components/tenants/tenant-table";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { parseTenantFilter } from "@/lib/overview/tenant-filter";
import { Prefetch } from "@/app/prefetch";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("tenants") };
}

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filter = parseTenantFilter(await searchParams);
  const q = new URLSearchParams(filter as Record<string, string>).toString();
  const session = await requireSession(q ? `/tenants?${q}` : "/tenants");
  return (
    <Prefetch session={session} queries={(trpc, qc) => qc.prefetchQuery(trpc.tenants.list.queryOptions())}>
      <TenantTable canCreate={isPlatformAdmin(session.user)} filter={filter} />
    </Prefetch>
  );
}
