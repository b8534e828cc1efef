import { AuditTable } from "@/components/audit/audit-table";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireSession("/audit");
  // audit.list filters by the caller's scope on the server.
  return <AuditTable />;
}
