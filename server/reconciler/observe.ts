import "server-only";
import { PlatformPolicySpecSchema, type TenantObject } from "@/lib/schemas/tenant";
import { teardownTargets, type ObservedChild, type TenantWorld } from "@/lib/tenants/decide";
import type { ApiServerProbe } from "@/lib/tenants/status";
import { TENANT_LABEL, UNDERLAY_PROVIDER, tenantNames } from "@/lib/tenants/names";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { WatchCache } from "@/server/kube/watch-cache";
import { CHILD_MODELS, type ChildModel, type ObjectWithStatus } from "@/server/reconciler/children";

export type TenantCacheObject = TenantObject & { metadata: { name: string } };

/** The caches the reconciler reads; a reconcile reads nothing else (a teardown reads its targets live). */
export interface Caches {
  tenants: WatchCache<TenantCacheObject>;
  policies: WatchCache<{ metadata?: { name?: string }; spec?: unknown }>;
  children: Record<ChildModel, WatchCache<ObjectWithStatus>>;
  /** The last probe of a tenant's endpoint (the reconciler's prober), if any. */
  apiServer?: (tenant: string) => ApiServerProbe | undefined;
}

const asChild = (model: ChildModel, o: ObjectWithStatus): ObservedChild => ({ model, ...o, metadata: { ...o.metadata, name: o.metadata!.name! } }) as ObservedChild;

function policyOf(caches: Caches) {
  const parsed = PlatformPolicySpecSchema.safeParse(caches.policies.get("platform")?.spec);
  return parsed.success ? parsed.data : undefined;
}

/** Everything decide needs for one tenant, read from the watch caches (no request is sent). */
export function observeTenant(caches: Caches, tenant: TenantCacheObject): TenantWorld {
  const name = tenant.metadata.name;
  const ns = tenantNames(name).namespace;
  const children: ObservedChild[] = [];
  for (const m of CHILD_MODELS) {
    for (const o of caches.children[m].list()) {
      // The tenant's own objects carry its label; the join Secret is known by its namespace.
      if (o.metadata?.labels?.[TENANT_LABEL] === name || o.metadata?.namespace === ns) children.push(asChild(m, o));
    }
  }
  const underlay = caches.children.ProviderNetwork.get(UNDERLAY_PROVIDER);
  if (underlay) children.push(asChild("ProviderNetwork", underlay));
  const others = caches.tenants.list().filter((t) => t.metadata.name !== name && !t.metadata.deletionTimestamp).map((t) => {
    const n = tenantNames(t.metadata.name);
    return {
      name: t.metadata.name, creationTimestamp: t.metadata.creationTimestamp, network: t.spec.network,
      holdsNetwork: !!(caches.children.Vpc.get(n.vpc) || caches.children.Subnet.get(n.subnet)),
    };
  });
  return { policy: policyOf(caches), children, others, apiServer: caches.apiServer?.(name) };
}

/**
 * For a tenant being deleted: its children read live, not from the caches, so a lagging cache can never
 * let the finalizer go while something is left.
 */
export async function observeTeardown(kube: KubeGateway, caches: Caches, tenant: TenantCacheObject): Promise<TenantWorld> {
  const name = tenant.metadata.name;
  const vms = caches.children.VirtualMachine.list().filter((v) => v.metadata?.labels?.[TENANT_LABEL] === name).map((v) => v.metadata!.name!);
  const children: ObservedChild[] = [];
  for (const t of teardownTargets(name, vms)) {
    const live = await kube.find<ObjectWithStatus>(models[t.model], { name: t.name, namespace: t.namespace });
    if (live) children.push(asChild(t.model as ChildModel, live));
  }
  return { policy: undefined, children, others: [] };
}
