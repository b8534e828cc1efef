import "server-only";
import { KINDS as GRAPH_KINDS, type Kind as GraphKind } from "@/lib/policy-graph/objects";
import type { KubeObject as GraphObject } from "@/lib/policy-graph/types";
import { MANAGED_BY, TENANT_LABEL } from "@/lib/tenants/names";
import type { KubeGateway } from "@/server/kube/gateway";
import { models, type ResourceModel } from "@/server/kube/models";
import type {
  AuditResource, CrdObject, PolicyExceptionResource, EventResource, PolicyResource, SubnetResource, TenantResource, VirtualMachineInstanceResource, VirtualMachineResource,
} from "@/server/kube/resources";
import { WatchCache, type KubeObjectLike, type WatchCacheOptions } from "@/server/kube/watch-cache";

interface CacheDecl<T extends KubeObjectLike> {
  model: ResourceModel;
  opts: WatchCacheOptions;
  /** Phantom: carries the object type of the cache. */
  readonly _type?: T;
}
const declare = <T extends KubeObjectLike>(model: ResourceModel, opts: WatchCacheOptions = {}): CacheDecl<T> => ({ model, opts });
const managed = Object.entries(MANAGED_BY).map(([k, v]) => `${k}=${v}`).join(",");

/**
 * Every resource the console watches, with its selector and object type: the one place that says so.
 * Services ask the registry for a cache by name; the first ask starts it, later ones share it.
 */
/**
 * Every object the network policy graph reads, unfiltered (a subnet without `vpc` or a workload in the default
 * VPC is exactly what it must see); pods only as KubeVirt's launchers, whose IPs belong to VMs.
 */
const graphCaches = Object.fromEntries(GRAPH_KINDS.map((k) => [`graph${k}`, declare<GraphObject>(models[k], k === "Pod" ? { labelSelector: "kubevirt.io=virt-launcher" } : {})])) as
  Record<`graph${GraphKind}`, CacheDecl<GraphObject>>;
export const graphCacheName = (k: GraphKind) => `graph${k}` as const;

export const WATCHED = {
  ...graphCaches,
  tenants: declare<TenantResource>(models.Tenant),
  policies: declare<PolicyResource>(models.PlatformPolicy),
  exceptions: declare<PolicyExceptionResource>(models.PolicyException),
  vms: declare<VirtualMachineResource>(models.VirtualMachine, { labelSelector: managed }),
  vmis: declare<VirtualMachineInstanceResource>(models.VirtualMachineInstance, { labelSelector: TENANT_LABEL }),
  subnets: declare<SubnetResource>(models.Subnet, { labelSelector: managed }),
  events: declare<EventResource>(models.Event, { labelSelector: TENANT_LABEL }),
  audit: declare<AuditResource>(models.AuditRecord),
  crds: declare<CrdObject>(models.CustomResourceDefinition, { backoff: { baseMs: 500, capMs: 5_000 } }),
} as const;

export type CacheName = keyof typeof WATCHED;
export type CacheObject<N extends CacheName> = (typeof WATCHED)[N] extends CacheDecl<infer T> ? T : never;
export type CacheOf<N extends CacheName> = WatchCache<CacheObject<N>>;

/** The console's shared watch caches over one gateway (the console's own identity), started on first use. */
export class CacheRegistry {
  private readonly caches = new Map<CacheName, WatchCache<KubeObjectLike>>();

  constructor(readonly gateway: KubeGateway) {}

  /** The cache, started (not necessarily synced yet). */
  get<N extends CacheName>(name: N): CacheOf<N> {
    let c = this.caches.get(name);
    if (!c) {
      const d = WATCHED[name];
      c = new WatchCache<KubeObjectLike>(this.gateway, d.model, d.opts).start();
      this.caches.set(name, c);
    }
    return c as unknown as CacheOf<N>;
  }

  /** Whether the cache was asked for (and so is running). */
  has(name: CacheName): boolean {
    return this.caches.has(name);
  }

  /** The cache once its first list has loaded. */
  async synced<N extends CacheName>(name: N, timeoutMs?: number): Promise<CacheOf<N>> {
    const c = this.get(name);
    await c.waitForSync(timeoutMs);
    return c;
  }

  /** Starts the caches page views need first, so the first request finds them warm. */
  warm(names: CacheName[]): void {
    for (const n of names) this.get(n);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.caches.values()].map((c) => c.stop()));
    this.caches.clear();
  }
}
