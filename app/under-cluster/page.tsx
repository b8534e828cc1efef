import { redirect } from "next/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { UnderClusterView } from "@/components/under-cluster/under-cluster-view";
import { canReadFleet } from "@/lib/authz/scope";
import { signOutAction } from "@/app/sign-out";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Under cluster · kMetal Console" };

export default async function UnderClusterPage() {
  const session = await requireSession("/under-cluster");
  if (!canReadFleet(session.user)) redirect("/tenants");
  return (
    <AppShell user={session.user} signOutAction={signOutAction}>
      <UnderClusterView />
    </AppShell>
  );
}
