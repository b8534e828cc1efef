import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { WatchCache } from "@/server/kube/watch-cache";
import { hostCapacity, parseCidr } from "@/lib/net/cidr";
import type { ObjectWithStatus } from "@/server/reconciler/children";

/**
 * Plays Kube-OVN's status reporting (simulated: no OVN runs here): a Vpc becomes a standby router, a
 * Subnet becomes Ready with IPAM counts taken from the VM instances that hold an address in it.
 */
export async function syncNetworkStatus(
  kube: KubeGateway,
  vpcs: WatchCache<ObjectWithStatus>,
  subnets: WatchCache<ObjectWithStatus>,
  usedIps: (subnet: string) => number,
): Promise<void> {
  for (const vpc of vpcs.list()) {
    const name = vpc.metadata!.name!;
    const mine = subnets.list().filter((s) => s.spec?.vpc === name).map((s) => s.metadata!.name!).sort();
    const want = { standby: true, default: false, router: name, subnets: mine, conditions: [{ type: "Ready", status: "True", reason: "Simulated", message: "simulated by the kMetal local provider", lastUpdateTime: new Date().toISOString() }] };
    const s = vpc.status as { standby?: boolean; subnets?: string[] } | undefined;
    if (s?.standby === true && JSON.stringify(s.subnets ?? []) === JSON.stringify(mine)) continue;
    await kube.mergePatch(models.Vpc, { name }, { status: want }, "status").catch(() => {});
  }
  for (const subnet of subnets.list()) {
    const name = subnet.metadata!.name!;
    const cidr = parseCidr(String(subnet.spec?.cidrBlock ?? ""));
    if (!cidr) continue;
    const using = usedIps(name);
    const available = Math.max(0, hostCapacity(cidr) - using);
    const s = subnet.status as { v4usingIPs?: number; v4availableIPs?: number; conditions?: { type: string; status: string }[] } | undefined;
    const ready = s?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    if (ready && s?.v4usingIPs === using && s.v4availableIPs === available) continue;
    const now = new Date().toISOString();
    await kube.mergePatch(models.Subnet, { name }, {
      status: {
        v4usingIPs: using, v4availableIPs: available,
        conditions: [
          { type: "Validated", status: "True", reason: "ValidatedSubnet", lastUpdateTime: now, lastTransitionTime: now },
          { type: "Ready", status: "True", reason: "Simulated", message: "simulated by the kMetal local provider", lastUpdateTime: now, lastTransitionTime: now },
        ],
      },
    }, "status").catch(() => {});
  }
}
