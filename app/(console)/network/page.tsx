import { getTranslations } from "next-intl/server";
import { requireSession } from "@/app/require-session";
import { NetworkView } from "@/components/network/network-view";

export async function generateMetadata() {
  const tMeta = await getTranslations("meta.pages");
  return { title: tMeta("network") };
}

export default async function NetworkPage() {
  await requireSession("/network");
  // network.graph scopes what each role sees on the server (tenant roles: their own tenants only).
  return <NetworkView />;
}
