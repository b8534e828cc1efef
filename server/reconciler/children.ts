import "server-only";
import type { KubernetesObject } from "@kubernetes/client-node";
import { MANAGED_BY } from "@/lib/tenants/names";
import type { KubeGateway } from "@/server/kube/gateway";
import { models, type ModelName } from "@/server/kube/models";
import { WatchCache } from "@/server/kube/watch-cache";

// Secret (the worker join data) and ProviderNetwork (shared by VLAN tenants) are read, not planned: their
// caches spare a GET on every reconcile of a Ready tenant.
export const CHILD_MODELS = ["Namespace", "Secret", "ProviderNetwork", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Vpc", "Subnet", "Vlan", "DataStore", "TenantControlPlane", "VirtualMachine", "ResourceQuota"] as const satisfies readonly ModelName[];
export type ChildModel = (typeof CHILD_MODELS)[number];

export interface ObjectWithStatus extends KubernetesObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** One watch cache per kind of child, all filtered to objects kMetal manages. */
export function childCaches(kube: KubeGateway): Record<ChildModel, WatchCache<ObjectWithStatus>> {
  const selector = Object.entries(MANAGED_BY).map(([k, v]) => `${k}=${v}`).join(",");
  return Object.fromEntries(
    CHILD_MODELS.map((m) => [m, new WatchCache<ObjectWithStatus>(kube, models[m], { labelSelector: selector, backoff: { baseMs: 500, capMs: 10_000 } })]),
  ) as Record<ChildModel, WatchCache<ObjectWithStatus>>;
}
