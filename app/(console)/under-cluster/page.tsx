import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { UnderClusterView } from "@/components/under-cluster/under-cluster-view";
import { canReadFleet } from "@/lib/authz/scope";
import { requireSession } from "@/app/require-session";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("underCluster") };
}

export default async function UnderClusterPage() {
  const session = await requireSession("/under-cluster");
  if (!canReadFleet(session.user)) redirect("/tenants");
  return <UnderClusterView />;
}
