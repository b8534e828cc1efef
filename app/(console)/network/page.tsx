import { requireSession } from "@/app/require-session";
import { NetworkView } from "@/components/network/network-view";

export const metadata = { title: "Network" };

export default async function NetworkPage() {
  await requireSession("/network");
  // network.graph scopes what each role sees on the server (tenant roles: their own tenants only).
  return <NetworkView />;
}
