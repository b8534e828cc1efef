import { getTranslations } from "next-intl/server";
import { TenantPageTabs } from "@/components/certificates/tenant-page-tabs";
import { TenantDetailView } from "@/components/tenants/tenant-detail";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { Prefetch } from "@/app/prefetch";
import { requireSession } from "@/app/require-session";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props) {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("tenant", { name: decodeURIComponent((await params).name) }) };
}

export default async function TenantPage({ params }: Props) {
  const { name } = await params;
  const session = await requireSession(`/tenants/${name}`);
  // The detail query itself checks the tenant scope on the server; an out-of-scope tenant reads as not found.
  return (
    <Prefetch session={session} queries={(trpc, qc) => Promise.all([qc.prefetchQuery(trpc.tenants.byName.queryOptions({ name })), qc.prefetchQuery(trpc.tenants.policy.queryOptions())])}>
      <TenantPageTabs name={name} isPlatformAdmin={isPlatformAdmin(session.user)} overview={<TenantDetailView name={name} isPlatformAdmin={isPlatformAdmin(session.user)} />} />
    </Prefetch>
  );
}
