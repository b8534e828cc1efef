import { redirect } from "next/navigation";
import { AppShell } from "@/components/layout/app-shell";
import { UnderClusterView } from "@/components/under-cluster/under-cluster-view";
import { auth, signOut } from "@/server/auth";

export const metadata = { title: "Under cluster · kMetal Console" };

export default async function UnderClusterPage() {
  const session = await auth();
  if (!session) redirect("/login?callbackUrl=/under-cluster");
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/login" });
  }
  return (
    <AppShell user={session.user.name} signOutAction={signOutAction}>
      <UnderClusterView />
    </AppShell>
  );
}
