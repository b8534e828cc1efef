import { AppShell } from "@/components/layout/app-shell";
import { TenantDetailView } from "@/components/tenants/tenant-detail";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { signOutAction } from "@/app/sign-out";
import { requireSession } from "@/app/require-session";

export default async function TenantPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const session = await requireSession(`/tenants/${name}`);
  // The detail query itself checks the tenant scope on the server; an out-of-scope tenant reads as not found.
  return (
    <AppShell user={session.user} signOutAction={signOutAction}>
      <TenantDetailView name={name} isPlatformAdmin={isPlatformAdmin(session.user)} />
    </AppShell>
  );
}
