import { TenantTable } from "@/components/tenants/tenant-table";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Tenants" };

export default async function TenantsPage() {
  const session = await requireSession("/tenants");
  return <TenantTable canCreate={isPlatformAdmin(session.user)} />;
}
