import { AppShell } from "@/components/layout/app-shell";
import { TenantTable } from "@/components/tenants/tenant-table";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { signOutAction } from "@/app/sign-out";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Tenants · kMetal Console" };

export default async function TenantsPage() {
  const session = await requireSession("/tenants");
  return (
    <AppShell user={session.user} signOutAction={signOutAction}>
      <TenantTable canCreate={isPlatformAdmin(session.user)} />
    </AppShell>
  );
}
