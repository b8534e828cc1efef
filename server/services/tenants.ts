import "server-only";
import type { Principal } from "@/lib/authz/scope";
import { applyQuotaChange, compareVersions, type CreateTenantInput, type QuotaChange } from "@/lib/schemas/tenant";
import { tenantNames } from "@/lib/tenants/names";
import { invalid, notFound } from "@/server/domain-errors";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { TenantResource } from "@/server/kube/resources";
import { assertWithinPolicy } from "@/server/services/tenant-access";

// Tenant mutations. Each checks the live policy against the tenant as it will be after the change, then
// sends a minimal patch as the signed-in user (`kube` impersonates them), so the API server checks again.

/** Checks the live policy first, so a refused tenant is never written. */
export async function createTenant(kube: KubeGateway, caches: CacheRegistry, p: Principal, input: CreateTenantInput): Promise<{ name: string }> {
  const { name, ...spec } = input;
  await assertWithinPolicy(caches, p, name, spec);
  await kube.create(models.Tenant, { metadata: { name }, spec } as never);
  return { name };
}

/** Changes one pool's replicas with a JSON patch that first tests the pool is still at that index. */
export async function setWorkerReplicas(kube: KubeGateway, caches: CacheRegistry, p: Principal, t: TenantResource, pool: string, replicas: number): Promise<void> {
  const i = t.spec.workerPools.findIndex((x) => x.name === pool);
  if (i < 0) throw notFound(`tenant ${t.metadata.name} has no pool ${pool}`);
  const after = { ...t.spec, workerPools: t.spec.workerPools.map((x, j) => (j === i ? { ...x, replicas } : x)) };
  await assertWithinPolicy(caches, p, t.metadata.name, after, t.spec);
  await kube.jsonPatch(models.Tenant, { name: t.metadata.name }, [
    { op: "test", path: `/spec/workerPools/${i}/name`, value: pool },
    { op: "replace", path: `/spec/workerPools/${i}/replicas`, value: replicas },
  ]);
}

/** Start, stop or restart one worker VM the KubeVirt way: runStrategy for power, a new instance for restart. */
export async function vmPower(kube: KubeGateway, caches: CacheRegistry, tenant: string, vm: string, action: "start" | "stop" | "restart"): Promise<void> {
  const namespace = tenantNames(tenant).namespace;
  if (!(await caches.synced("vms")).get(vm, namespace)) throw notFound(`tenant ${tenant} has no VM ${vm}`);
  if (action === "restart") {
    await kube.delete(models.VirtualMachineInstance, { name: vm, namespace }, { ignoreNotFound: true });
    return;
  }
  await kube.mergePatch(models.VirtualMachine, { name: vm, namespace }, { spec: { runStrategy: action === "start" ? "Always" : "Halted" } });
}

/** Moves a tenant to a newer allowed version; the reconciler upgrades the control plane first, then the workers. */
export async function upgradeTenant(kube: KubeGateway, caches: CacheRegistry, p: Principal, t: TenantResource, version: string): Promise<void> {
  if (compareVersions(version, t.spec.kubernetesVersion) <= 0) {
    throw invalid([{ field: "version", reason: "VersionNotAllowed", message: `${version} is not newer than ${t.spec.kubernetesVersion}` }]);
  }
  await assertWithinPolicy(caches, p, t.metadata.name, { ...t.spec, kubernetesVersion: version }, t.spec);
  await kube.mergePatch(models.Tenant, { name: t.metadata.name }, { spec: { kubernetesVersion: version } });
}

/**
 * Changes a tenant's quota: the check runs on the quota as it will be after the merge patch, and a cleared
 * value is sent as null, so it returns to the platform default.
 */
export async function setQuota(kube: KubeGateway, caches: CacheRegistry, p: Principal, t: TenantResource, change: QuotaChange): Promise<void> {
  const quota = applyQuotaChange(t.spec.quota, change);
  await assertWithinPolicy(caches, p, t.metadata.name, { ...t.spec, quota }, t.spec);
  await kube.mergePatch(models.Tenant, { name: t.metadata.name }, { spec: { quota: change } });
}

export async function deleteTenant(kube: KubeGateway, name: string): Promise<void> {
  await kube.delete(models.Tenant, { name });
}
