import "server-only";
import { tenantAccess, type Principal } from "@/lib/authz/scope";
import { PlatformPolicySpecSchema, type CreateTenantInput, type PlatformPolicySpec, type TenantObject } from "@/lib/schemas/tenant";
import { POOL_LABEL, TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { validateTenant, type PolicyProblem } from "@/lib/tenants/validate";
import { underKube } from "@/server/kube/client";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { WatchCache } from "@/server/kube/watch-cache";
import type { ObjectWithStatus } from "@/server/reconciler/children";

type TenantCacheObject = TenantObject & { metadata: { name: string } };

/** A domain error: the tenant breaks the platform policy. Carries field-level problems for the form. */
export class PolicyError extends Error {
  constructor(readonly problems: PolicyProblem[]) {
    super(problems.map((p) => p.message).join("; "));
  }
}
export class NotFoundError extends Error {}
export class ForbiddenError extends Error {}

interface Caches {
  tenants: WatchCache<TenantCacheObject>;
  policies: WatchCache<{ metadata?: { name?: string }; spec?: unknown }>;
  vms: WatchCache<ObjectWithStatus>;
  vmis: WatchCache<ObjectWithStatus>;
  subnets: WatchCache<ObjectWithStatus>;
  events: WatchCache<TenantEvent>;
}

interface TenantEvent {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; creationTimestamp?: string };
  reason?: string;
  message?: string;
  type?: string;
  lastTimestamp?: string;
}

const g = globalThis as unknown as { __kmetalTenantCaches?: Caches };

/** Shared watch caches, started once per process: page views never LIST. */
export function tenantCaches(): Caches {
  if (!g.__kmetalTenantCaches) {
    const kube = underKube().gateway;
    const managed = { labelSelector: "app.kubernetes.io/managed-by=kmetal" };
    g.__kmetalTenantCaches = {
      tenants: new WatchCache<TenantCacheObject>(kube, models.Tenant).start(),
      policies: new WatchCache(kube, models.PlatformPolicy).start(),
      vms: new WatchCache<ObjectWithStatus>(kube, models.VirtualMachine, managed).start(),
      vmis: new WatchCache<ObjectWithStatus>(kube, models.VirtualMachineInstance, { labelSelector: TENANT_LABEL }).start(),
      subnets: new WatchCache<ObjectWithStatus>(kube, models.Subnet, managed).start(),
      events: new WatchCache<TenantEvent>(kube, models.Event, { labelSelector: TENANT_LABEL }).start(),
    };
  }
  return g.__kmetalTenantCaches;
}

export async function currentPolicy(): Promise<PlatformPolicySpec> {
  const c = tenantCaches();
  await c.policies.waitForSync();
  const parsed = PlatformPolicySpecSchema.safeParse(c.policies.get("platform")?.spec);
  if (!parsed.success) throw new Error("there is no valid PlatformPolicy named 'platform' on the under cluster");
  return parsed.data;
}

export interface TenantSummary {
  name: string;
  displayName?: string;
  phase: string;
  version: string;
  /** What the control plane actually runs (differs from `version` during an upgrade). */
  runningVersion?: string;
  networkMode: string;
  cidr: string;
  desiredWorkers: number;
  readyWorkers: number;
  endpoint?: string;
  owners: string[];
  createdAt?: string;
  access: "admin" | "viewer";
  message?: string;
}

function summary(t: TenantCacheObject, access: "admin" | "viewer"): TenantSummary {
  const notReady = t.status?.conditions?.find((c) => c.status === "False" && c.type !== "Ready");
  return {
    name: t.metadata.name,
    displayName: t.spec.displayName,
    phase: t.metadata.deletionTimestamp ? "Deleting" : t.status?.phase ?? "Pending",
    version: t.spec.kubernetesVersion,
    runningVersion: t.status?.version,
    networkMode: t.spec.network.mode,
    cidr: t.spec.network.cidr,
    desiredWorkers: t.spec.workerPools.reduce((n, p) => n + p.replicas, 0),
    readyWorkers: t.status?.readyWorkers ?? 0,
    endpoint: t.status?.endpoint,
    owners: t.spec.owners ?? [],
    createdAt: t.metadata.creationTimestamp,
    access,
    message: notReady?.message,
  };
}

/** Tenants the principal may see, from the watch cache, newest first. */
export async function listTenants(p: Principal): Promise<TenantSummary[]> {
  const { tenants } = tenantCaches();
  await tenants.waitForSync();
  return tenants
    .list()
    .map((t) => [t, tenantAccess(p, t)] as const)
    .filter(([, a]) => a !== "none")
    .map(([t, a]) => summary(t, a as "admin" | "viewer"))
    .sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? "") || a.name.localeCompare(b.name));
}

export interface WorkerView {
  name: string;
  pool: string;
  phase: string;
  ip?: string;
  vcpu: number;
  memory: string;
  ready: boolean;
}

/** One tenant with its conditions, provisioning steps and workers; NotFound also for tenants out of scope. */
export async function tenantDetail(p: Principal, name: string) {
  const { tenants, vms, vmis, subnets, events } = tenantCaches();
  await Promise.all([tenants.waitForSync(), vms.waitForSync(), vmis.waitForSync(), subnets.waitForSync(), events.waitForSync()]);
  const t = tenants.get(name);
  const access = t ? tenantAccess(p, t) : "none";
  if (!t || access === "none") throw new NotFoundError(`tenant ${name} not found`);
  const ns = tenantNames(name).namespace;
  const workers: WorkerView[] = vms
    .list()
    .filter((v) => v.metadata?.namespace === ns)
    .map((v) => {
      const vmi = vmis.get(v.metadata!.name!, ns);
      const domain = (v.spec?.template as { spec?: { domain?: { cpu?: { cores?: number }; memory?: { guest?: string } } } })?.spec?.domain;
      const iface = (vmi?.status as { interfaces?: { ipAddress?: string }[] } | undefined)?.interfaces?.[0];
      return {
        name: v.metadata!.name!,
        pool: v.metadata?.labels?.[POOL_LABEL] ?? "",
        phase: (vmi?.status as { phase?: string } | undefined)?.phase ?? String((v.status as { printableStatus?: string } | undefined)?.printableStatus ?? "Provisioning"),
        ip: iface?.ipAddress,
        vcpu: domain?.cpu?.cores ?? 0,
        memory: domain?.memory?.guest ?? "",
        ready: (v.status as { ready?: boolean } | undefined)?.ready === true,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  const n = tenantNames(name);
  const subnet = subnets.get(n.subnet);
  const ss = subnet?.status as { v4usingIPs?: number; v4availableIPs?: number } | undefined;
  const network = {
    vpc: n.vpc, subnet: subnet ? n.subnet : undefined, cidr: t.spec.network.cidr, gateway: subnet?.spec?.gateway as string | undefined,
    vlanId: t.spec.network.mode === "vlan" ? t.spec.network.vlanId : undefined, usingIPs: ss?.v4usingIPs, availableIPs: ss?.v4availableIPs,
  };
  const recent = events
    .list()
    .filter((e) => e.metadata?.labels?.[TENANT_LABEL] === name)
    .map((e) => ({ at: e.lastTimestamp ?? e.metadata?.creationTimestamp ?? "", reason: e.reason ?? "", message: e.message ?? "", warning: e.type === "Warning" }))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 20);
  return { ...summary(t, access as "admin" | "viewer"), spec: t.spec, conditions: t.status?.conditions ?? [], steps: t.status?.steps ?? [], namespace: ns, workers, network, events: recent };
}
export type TenantDetail = Awaited<ReturnType<typeof tenantDetail>>;

/** Checks the live policy first, so a refused tenant is never written. */
export async function createTenant(kube: KubeGateway, input: CreateTenantInput): Promise<{ name: string }> {
  const { name, ...spec } = input;
  const policy = await currentPolicy();
  const others = tenantCaches().tenants.list().map((t) => ({ name: t.metadata.name, spec: t.spec }));
  const verdict = validateTenant(name, spec, policy, others);
  if (!verdict.ok) throw new PolicyError(verdict.problems);
  await kube.create(models.Tenant, { metadata: { name }, spec } as never);
  return { name };
}

/** Changes one pool's replicas with a JSON patch that first tests the pool is still at that index. */
export async function setWorkerReplicas(kube: KubeGateway, t: TenantObject, pool: string, replicas: number): Promise<void> {
  const i = t.spec.workerPools.findIndex((p) => p.name === pool);
  if (i < 0) throw new NotFoundError(`tenant ${t.metadata.name} has no pool ${pool}`);
  const next = { ...t.spec, workerPools: t.spec.workerPools.map((p, j) => (j === i ? { ...p, replicas } : p)) };
  const policy = await currentPolicy();
  const others = tenantCaches().tenants.list().map((o) => ({ name: o.metadata.name, spec: o.spec }));
  const verdict = validateTenant(t.metadata.name, next, policy, others);
  if (!verdict.ok) throw new PolicyError(verdict.problems);
  await kube.jsonPatch(models.Tenant, { name: t.metadata.name }, [
    { op: "test", path: `/spec/workerPools/${i}/name`, value: pool },
    { op: "replace", path: `/spec/workerPools/${i}/replicas`, value: replicas },
  ]);
}

export async function deleteTenant(kube: KubeGateway, name: string): Promise<void> {
  await kube.delete(models.Tenant, { name });
}

/** The tenant as stored, with the principal's access to it; throws NotFound when out of scope. */
export async function tenantFor(p: Principal, name: string): Promise<{ tenant: TenantCacheObject; access: "admin" | "viewer" }> {
  const { tenants } = tenantCaches();
  await tenants.waitForSync();
  const t = tenants.get(name);
  const access = t ? tenantAccess(p, t) : "none";
  if (!t || access === "none") throw new NotFoundError(`tenant ${name} not found`);
  return { tenant: t, access };
}


/** Start, stop or restart one worker VM the KubeVirt way: runStrategy for power, a new instance for restart. */
export async function vmPower(kube: KubeGateway, tenant: string, vm: string, action: "start" | "stop" | "restart"): Promise<void> {
  const namespace = tenantNames(tenant).namespace;
  if (!tenantCaches().vms.get(vm, namespace)) throw new NotFoundError(`tenant ${tenant} has no VM ${vm}`);
  if (action === "restart") {
    await kube.delete(models.VirtualMachineInstance, { name: vm, namespace }, { ignoreNotFound: true });
    return;
  }
  await kube.mergePatch(models.VirtualMachine, { name: vm, namespace }, { spec: { runStrategy: action === "start" ? "Always" : "Halted" } });
}

/** Moves a tenant to a newer allowed version; the reconciler upgrades the control plane first, then the workers. */
export async function upgradeTenant(kube: KubeGateway, t: TenantObject, version: string, compare: (a: string, b: string) => number): Promise<void> {
  const policy = await currentPolicy();
  if (compare(version, t.spec.kubernetesVersion) <= 0) throw new PolicyError([{ field: "spec.kubernetesVersion", reason: "VersionNotAllowed", message: `${version} is not newer than ${t.spec.kubernetesVersion}` }]);
  if (!policy.allowedVersions.includes(version)) throw new PolicyError([{ field: "spec.kubernetesVersion", reason: "VersionNotAllowed", message: `${version} is not allowed; allowed: ${policy.allowedVersions.join(", ")}` }]);
  await kube.mergePatch(models.Tenant, { name: t.metadata.name }, { spec: { kubernetesVersion: version } });
}

/** Changes a tenant's quota after checking it against the platform maximum and the pools in use. */
export async function setQuota(kube: KubeGateway, t: TenantObject, quota: TenantObject["spec"]["quota"]): Promise<void> {
  const policy = await currentPolicy();
  const others = tenantCaches().tenants.list().map((o) => ({ name: o.metadata.name, spec: o.spec }));
  const verdict = validateTenant(t.metadata.name, { ...t.spec, quota }, policy, others);
  if (!verdict.ok) throw new PolicyError(verdict.problems);
  await kube.mergePatch(models.Tenant, { name: t.metadata.name }, { spec: { quota } });
}

/** The networks every tenant holds, for the wizard's overlap checks (platform admins only). */
export async function takenNetworks(): Promise<{ name: string; spec: Pick<TenantObject["spec"], "network"> }[]> {
  const { tenants } = tenantCaches();
  await tenants.waitForSync();
  return tenants.list().map((t) => ({ name: t.metadata.name, spec: { network: t.spec.network } }));
}
