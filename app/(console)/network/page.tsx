import { getTranslations } from "next-intl/server";
import { requireSession } from "@/app/require-session";
import { NetworkView } from "@/components/network/network-view";
import { canReadFleet, isPlatformAdmin } from "@/lib/authz/scope";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("network") };
}

export default async function NetworkPage() {
  const session = await requireSession("/network");
  // network.graph scopes what each role sees on the server (tenant roles: their own tenants only); these
  // flags only choose which controls to offer, the procedures check again.
  return <NetworkView canManage={isPlatformAdmin(session.user)} fleet={canReadFleet(session.user)} />;
}
