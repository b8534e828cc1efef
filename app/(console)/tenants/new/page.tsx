import { redirect } from "next/navigation";
import { CreateTenantWizard } from "@/components/tenants/create-tenant-wizard/wizard";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "New tenant · Tenants" };

export default async function NewTenantPage() {
  const session = await requireSession("/tenants/new");
  if (!isPlatformAdmin(session.user)) redirect("/tenants");
  return <CreateTenantWizard />;
}
