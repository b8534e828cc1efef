import "server-only";
import { KINDS as GRAPH_KINDS, type Kind as GraphKind } from "@/lib/policy-graph/objects";
import type { KubeObject as GraphObject } from "@/lib/policy-graph/types";
import { PKI_SECRETS, pkiSecretName } from "@/lib/certificates/kamaji";
import { env } from "@/lib/env.js";
import { MANAGED_BY, TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { FilteredCache, matchesLabels } from "@/server/kube/filtered-cache";
import { NamespacesCache, type WatchTarget } from "@/server/kube/namespaces-cache";
import { shapePkiSecret, type PkiSecretShape } from "@/server/pki/pki-secret-shape";
import { USER_CERTIFICATE_LABEL, type UserCertificateRecord } from "@/server/pki/user-certificates";
import type { KubeGateway } from "@/server/kube/gateway";
import { models, type ResourceModel } from "@/server/kube/models";
import type {
  AuditResource, CrdObject, EventResource, LauncherPodResource, NodeResource, PolicyExceptionResource, PolicyResource, ResourceQuotaResource, ServiceResource,
  SubnetResource, TenantResource, VirtualMachineInstanceResource, VirtualMachineResource,
} from "@/server/kube/resources";
import { WatchCache, type KubeObjectLike, type ReadableCache, type WatchCacheOptions } from "@/server/kube/watch-cache";

interface CacheDecl<T extends KubeObjectLike> {
  model: ResourceModel;
  opts: WatchCacheOptions;
  /** Watched per namespace or per named object, as these objects of another cache name them (see NamespacesCache). */
  perTarget?: { of: string; targets: (objs: KubeObjectLike[]) => WatchTarget[] };
  /** The objects of another cache that pass a label selector: the same objects, not a second watch (filtered-cache.ts). */
  view?: { of: string; labelSelector: string };
  /** Phantom: carries the object type of the cache. */
  readonly _type?: T;
}
const declare = <T extends KubeObjectLike>(model: ResourceModel, opts: WatchCacheOptions = {}): CacheDecl<T> => ({ model, opts });
const managed = Object.entries(MANAGED_BY).map(([k, v]) => `${k}=${v}`).join(",");
/** A cache made of the graph's unfiltered cache of the same resource, filtered by labels. */
const view = <T extends KubeObjectLike>(of: `graph${GraphKind}`, labelSelector: string): CacheDecl<T> => ({ model: models[of.slice(5) as GraphKind], opts: { labelSelector }, view: { of, labelSelector } });

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
  // The network policy graph watches VMs, VMIs, subnets and launcher pods unfiltered: these are views of its caches.
  vms: view<VirtualMachineResource>("graphVirtualMachine", managed),
  vmis: view<VirtualMachineInstanceResource>("graphVirtualMachineInstance", TENANT_LABEL),
  subnets: view<SubnetResource>("graphSubnet", managed),
  events: declare<EventResource>(models.Event, { labelSelector: TENANT_LABEL }),
  audit: declare<AuditResource>(models.AuditRecord),
  crds: declare<CrdObject>(models.CustomResourceDefinition, { backoff: { baseMs: 500, capMs: 5_000 } }),
  // Kamaji's PKI Secrets, reduced to their certificates' public facts before they are stored (no key material).
  // One watch per PKI Secret of each tenant, by name: the console may read those Secrets and no others
  // (lib/authz/rbac.ts, kmetal:console-pki).
  pkiSecrets: {
    ...declare<PkiSecretShape>(models.Secret, { transform: shapePkiSecret }),
    perTarget: {
      of: "tenants",
      targets: (ts: KubeObjectLike[]) => ts.flatMap((t) => PKI_SECRETS.map((s) => ({ namespace: tenantNames(t.metadata!.name!).namespace, name: pkiSecretName(t.metadata!.name!, s.suffix) }))),
    },
  },
  userCertificates: declare<UserCertificateRecord>(models.ConfigMap, { namespace: env.KMETAL_NAMESPACE, labelSelector: USER_CERTIFICATE_LABEL }),
  // Fleet usage and capacity: tenant quotas, LoadBalancer Services (any namespace: cloud-provider-kubevirt does
  // not label them), the hypervisor Nodes and the virt-launcher pods placed on them.
  quotas: declare<ResourceQuotaResource>(models.ResourceQuota, { labelSelector: TENANT_LABEL }),
  services: declare<ServiceResource>(models.Service),
  nodes: declare<NodeResource>(models.Node),
  launchers: view<LauncherPodResource>("graphPod", "kubevirt.io=virt-launcher"),
} as const;

export type CacheName = keyof typeof WATCHED;
export type CacheObject<N extends CacheName> = (typeof WATCHED)[N] extends CacheDecl<infer T> ? T : never;
export type CacheOf<N extends CacheName> = ReadableCache<CacheObject<N>>;

/** The console's shared watch caches over one gateway (the console's own identity), started on first use. */
export class CacheRegistry {
  private readonly caches = new Map<CacheName, ReadableCache<KubeObjectLike>>();

  constructor(readonly gateway: KubeGateway) {}

  /** The cache, started (not necessarily synced yet). */
  get<N extends CacheName>(name: N): CacheOf<N> {
    let c = this.caches.get(name);
    if (!c) {
      const d: CacheDecl<KubeObjectLike> = WATCHED[name];
      c = d.view
        ? new FilteredCache<KubeObjectLike>(this.get(d.view.of as CacheName) as ReadableCache<KubeObjectLike>, matchesLabels(d.view.labelSelector)).start()
        : d.perTarget
          ? new NamespacesCache<KubeObjectLike>(this.gateway, d.model, d.opts, this.get(d.perTarget.of as CacheName) as ReadableCache<KubeObjectLike>, d.perTarget.targets).start()
          : new WatchCache<KubeObjectLike>(this.gateway, d.model, d.opts).start();
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
