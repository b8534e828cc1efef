import "server-only";
import { canReadFleet, type Principal } from "@/lib/authz/scope";
import { DEFAULT_CSR_SIGNING_DURATION, PlatformPolicySpecSchema, type PlatformPolicySpec } from "@/lib/schemas/tenant";
import { precondition } from "@/server/domain-errors";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

export const PLATFORM_POLICY = "platform";

/** A starting policy for a new platform; operators edit it afterwards. */
export function defaultPolicy(versions: string[]): PlatformPolicySpec {
  return {
    allowedVersions: versions,
    defaultQuota: { vcpu: 16, memoryGi: 64, storageGi: 500, workers: 10, loadBalancers: 2 },
    maxQuota: { vcpu: 128, memoryGi: 512, storageGi: 4000, workers: 100, loadBalancers: 20 },
    mandatoryAddons: ["coredns", "kube-proxy"],
    allowedNetworkModes: ["overlay", "vlan"],
    vlanRange: { min: 100, max: 999 },
    // Under-cluster services, Kube-OVN's join network and link-local: never reachable from, nor overlapping, a tenant.
    platformCidrs: ["10.96.0.0/12", "100.64.0.0/16", "169.254.0.0/16"],
    // Certificates a tenant-admin gets signed through a CSR live a day at most: they outlive a disabled account that long.
    csrSigningDuration: DEFAULT_CSR_SIGNING_DURATION,
  };
}

/** Creates the singleton PlatformPolicy when there is none; never overwrites an operator's edits. */
export async function ensurePlatformPolicy(kube: KubeGateway, versions: string[]): Promise<boolean> {
  try {
    await kube.create(models.PlatformPolicy, { metadata: { name: PLATFORM_POLICY }, spec: defaultPolicy(versions) } as never);
    return true;
  } catch (err) {
    if (err instanceof KubeError && err.status === 409) return false;
    throw err;
  }
}

/** The live platform policy, from the watch cache. */
export async function currentPolicy(caches: CacheRegistry): Promise<PlatformPolicySpec> {
  const parsed = PlatformPolicySpecSchema.safeParse((await caches.synced("policies")).get(PLATFORM_POLICY)?.spec);
  if (!parsed.success) throw precondition(`there is no valid PlatformPolicy named '${PLATFORM_POLICY}' on the under cluster; a platform admin must create it`);
  return parsed.data;
}

/** What of the policy a user may see: tenant roles get the versions and modes they can use, not the platform's networks or limits. */
export type PolicyView = Pick<PlatformPolicySpec, "allowedVersions" | "allowedNetworkModes" | "mandatoryAddons"> & Partial<PlatformPolicySpec>;
export async function policyFor(caches: CacheRegistry, p: Principal): Promise<PolicyView> {
  const policy = await currentPolicy(caches);
  if (canReadFleet(p)) return policy;
  return { allowedVersions: policy.allowedVersions, allowedNetworkModes: policy.allowedNetworkModes, mandatoryAddons: policy.mandatoryAddons };
}
