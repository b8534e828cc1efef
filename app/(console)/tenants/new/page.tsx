import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CreateTenantWizard } from "@/components/tenants/create-tenant-wizard/wizard";
import { isPlatformAdmin } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("newTenant") };
}

export default async function NewTenantPage() {
  const session = await requireSession("/tenants/new");
  if (!isPlatformAdmin(session.user)) redirect("/tenants");
  return <CreateTenantWizard />;
}
