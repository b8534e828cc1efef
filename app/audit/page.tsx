import { AppShell } from "@/components/layout/app-shell";
import { AuditTable } from "@/components/audit/audit-table";
import { signOutAction } from "@/app/sign-out";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Audit log · kMetal Console" };

export default async function AuditPage() {
  const session = await requireSession("/audit");
  // audit.list filters by the caller's scope on the server.
  return (
    <AppShell user={session.user} signOutAction={signOutAction}>
      <AuditTable />
    </AppShell>
  );
}
