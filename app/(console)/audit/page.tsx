import { getTranslations } from "next-intl/server";
import { AuditTable } from "@/components/audit/audit-table";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("audit") };
}

export default async function AuditPage() {
  await requireSession("/audit");
  // audit.list filters by the caller's scope on the server.
  return <AuditTable />;
}
