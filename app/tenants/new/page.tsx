import { redirect } from "next/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { CreateTenantWizard } from "@/components/tenants/create-tenant-wizard";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { signOutAction } from "@/app/sign-out";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "New tenant · kMetal Console" };

export default async function NewTenantPage() {
  const session = await requireSession("/tenants/new");
  if (!isPlatformAdmin(session.user)) redirect("/tenants");
  return (
    <AppShell user={session.user} signOutAction={signOutAction}>
      <CreateTenantWizard />
    </AppShell>
  );
}
