import "server-only";
import { canReadFleet, scopeKey, tenantAccess, type Principal } from "@/lib/authz/scope";
import { capacityOf, type Capacity } from "@/lib/fleet/capacity";
import { fleetTotals, tenantUsage, type TenantUsage, type UsageKey } from "@/lib/fleet/usage";
import type { PlatformPolicySpec } from "@/lib/schemas/tenant";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { effectiveQuota, poolUsage } from "@/lib/tenants/validate";
import { forbidden } from "@/server/domain-errors";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import { liveFeed, source } from "@/server/kube/live-feed";
import type { TenantResource } from "@/server/kube/resources";
import { requireTenantAccess } from "@/server/services/tenant-access";
import { currentPolicy } from "@/server/services/platform-policy";
import { byCodePoint } from "@/lib/compare";

export type { Capacity, TenantUsage };

export interface FleetUsage {
  tenants: TenantUsage[];
  /** Sums over the tenants above (the caller's scope only). */
  totals: Record<UsageKey, { used: number; hard?: number; requested: number }>;
}

const groupBy = <T extends { metadata?: { namespace?: string } }>(items: T[]) => {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const ns = i.metadata?.namespace ?? "";
    const list = m.get(ns);
    if (list) list.push(i);
    else m.set(ns, [i]);
  }
  return m;
};

/**
 * Usage of the given tenants from the console's watch caches: each tenant namespace's ResourceQuota (its
 * `status` as kube-controller-manager reports it), its VMIs and its LoadBalancer Services. Callers pass
 * only tenants the principal may see.
 */
export async function usageOfTenants(caches: CacheRegistry, tenants: TenantResource[], policy?: PlatformPolicySpec): Promise<TenantUsage[]> {
  const [quotas, vmis, services] = await Promise.all([caches.synced("quotas"), caches.synced("vmis"), caches.synced("services")]);
  const pol = policy ?? (await currentPolicy(caches));
  const vmisByNs = groupBy(vmis.list());
  const servicesByNs = groupBy(services.list().filter((s) => s.spec?.type === "LoadBalancer"));
  return tenants.map((t) => {
    const n = tenantNames(t.metadata.name);
    const rq = quotas.get(n.quota, n.namespace);
    return tenantUsage({
      tenant: t.metadata.name,
      requested: poolUsage(t.spec),
      quota: effectiveQuota(t.spec, pol),
      // Only the quota the reconciler made for this tenant counts (the label guards against a namespace reused by hand).
      resourceQuota: rq?.metadata?.labels?.[TENANT_LABEL] === t.metadata.name ? rq : undefined,
      vmis: vmisByNs.get(n.namespace) ?? [],
      services: servicesByNs.get(n.namespace) ?? [],
    });
  });
}

/** Usage per tenant the principal may see (tenant roles: only their own tenants), with totals over them. */
export async function fleetUsage(caches: CacheRegistry, p: Principal): Promise<FleetUsage> {
  const tenants = (await caches.synced("tenants")).list().filter((t) => !t.metadata.deletionTimestamp && tenantAccess(p, t) !== "none");
  const usage = (await usageOfTenants(caches, tenants)).sort((a, b) => byCodePoint(a.tenant, b.tenant));
  return { tenants: usage, totals: fleetTotals(usage) };
}

/** One tenant's usage; a tenant out of scope reads as not found. */
export async function tenantUsageOf(caches: CacheRegistry, p: Principal, name: string): Promise<TenantUsage> {
  const { tenant } = await requireTenantAccess(caches, p, name);
  return (await usageOfTenants(caches, [tenant]))[0]!;
}

/** The hypervisors (the under cluster's Nodes): allocatable against what VMs request, per node and in total (platform roles only). */
export async function capacity(caches: CacheRegistry, p: Principal): Promise<Capacity> {
  if (!canReadFleet(p)) throw forbidden("capacity is for platform roles");
  const [nodes, pods] = await Promise.all([caches.synced("nodes"), caches.synced("launchers")]);
  return capacityOf(nodes.list(), pods.list());
}

const USAGE_SOURCES = [source("tenants"), source("policies"), source("quotas"), source("vmis"), source("services", (s) => s.spec?.type === "LoadBalancer")];

/** fleetUsage, pushed on every change of what it reads; callers with the same scope share one computation. */
export const watchFleetUsage = (caches: CacheRegistry, p: Principal, signal?: AbortSignal) =>
  liveFeed(caches, { key: `fleet-usage:${scopeKey(p)}`, sources: USAGE_SOURCES, read: () => fleetUsage(caches, p), coalesceMs: 500 }, signal);

/** tenantUsageOf, pushed on changes of that tenant's objects. */
export async function watchTenantUsage(caches: CacheRegistry, p: Principal, name: string, signal?: AbortSignal) {
  await requireTenantAccess(caches, p, name);
  const ns = tenantNames(name).namespace;
  const inNs = (o: { metadata?: { namespace?: string } }) => o.metadata?.namespace === ns;
  return liveFeed(caches, {
    key: `tenant-usage:${scopeKey(p)}:${name}`,
    sources: [source("tenants", (t) => t.metadata.name === name), source("policies"), source("quotas", inNs), source("vmis", inNs), source("services", inNs)],
    read: () => tenantUsageOf(caches, p, name),
  }, signal);
}

/** capacity, pushed when a Node or a virt-launcher pod changes (platform roles only). */
export function watchCapacity(caches: CacheRegistry, p: Principal, signal?: AbortSignal) {
  if (!canReadFleet(p)) throw forbidden("capacity is for platform roles");
  return liveFeed(caches, { key: "capacity", sources: [source("nodes"), source("launchers")], read: () => capacity(caches, p), coalesceMs: 500 }, signal);
}
