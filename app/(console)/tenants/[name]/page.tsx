import { TenantDetailView } from "@/components/tenants/tenant-detail";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props) {
  return { title: `${decodeURIComponent((await params).name)} · Tenants` };
}

export default async function TenantPage({ params }: Props) {
  const { name } = await params;
  const session = await requireSession(`/tenants/${name}`);
  // The detail query itself checks the tenant scope on the server; an out-of-scope tenant reads as not found.
  return <TenantDetailView name={name} isPlatformAdmin={isPlatformAdmin(session.user)} />;
}
