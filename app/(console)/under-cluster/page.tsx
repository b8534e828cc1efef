import { redirect } from "next/navigation";
import { UnderClusterView } from "@/components/under-cluster/under-cluster-view";
import { canReadFleet } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export const metadata = { title: "Under cluster" };

export default async function UnderClusterPage() {
  const session = await requireSession("/under-cluster");
  if (!canReadFleet(session.user)) redirect("/tenants");
  return <UnderClusterView />;
}
