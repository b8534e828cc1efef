import { getTranslations } from "next-intl/server";
import { TenantTable } from "@/components/tenants/tenant-table";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { Prefetch } from "@/app/prefetch";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("tenants") };
}

export default async function TenantsPage() {
  const session = await requireSession("/tenants");
  return (
    <Prefetch session={session} queries={(trpc, qc) => qc.prefetchQuery(trpc.tenants.list.queryOptions())}>
      <TenantTable canCreate={isPlatformAdmin(session.user)} />
    </Prefetch>
  );
}
