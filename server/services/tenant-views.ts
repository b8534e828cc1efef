import "server-only";
import { scopeKey, tenantAccess, type Principal } from "@/lib/authz/scope";
import { EVENT_TIME_ANNOTATION, POOL_LABEL, TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { effectiveQuota, poolUsage } from "@/lib/tenants/validate";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import type { EventResource, TenantResource } from "@/server/kube/resources";
import { currentPolicy } from "@/server/services/platform-policy";
import { requireTenantAccess } from "@/server/services/tenant-access";
import { compareSummaries, type TenantSummary } from "@/lib/tenants/summary";

export { compareSummaries, type TenantSummary } from "@/lib/tenants/summary";

function activityOf(op: NonNullable<TenantResource["status"]>["operation"]): string | undefined {
  if (!op) return undefined;
  return op.type === "Scaling" ? `Scaling ${op.readyWorkers}/${op.desiredWorkers}` : `Upgrading to ${op.version}`;
}

// One row object per tenant object and access: an unchanged tenant keeps its row, so live lists can send only
// the rows that changed (compared by reference) and the table re-renders only those.
const rows = new WeakMap<TenantResource, { admin?: TenantSummary; viewer?: TenantSummary }>();

export function summary(t: TenantResource, access: "admin" | "viewer"): TenantSummary {
  let memo = rows.get(t);
  if (!memo) rows.set(t, (memo = {}));
  return (memo[access] ??= Object.freeze(makeSummary(t, access)));
}

function makeSummary(t: TenantResource, access: "admin" | "viewer"): TenantSummary {
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
    controlPlaneReady: t.status?.conditions?.some((c) => c.type === "ControlPlaneReady" && c.status === "True") ?? false,
    endpoint: t.status?.endpoint,
    owners: t.spec.owners ?? [],
    createdAt: t.metadata.creationTimestamp,
    access,
    message: notReady?.message,
    activity: t.metadata.deletionTimestamp ? undefined : activityOf(t.status?.operation),
  };
}


// The list of each scope, kept until the tenant cache changes: every request and stream of a scope between two
// changes shares one computation (and far less garbage than 2,000 new summaries a request). Bounded per change.
const lists = new WeakMap<object, { generation: number; byScope: Map<string, readonly TenantSummary[]> }>();
const MAX_SCOPES = 256;

/** Tenants the principal may see, from the watch cache, newest first. Shared: callers must not change it. */
export async function listTenants(caches: CacheRegistry, p: Principal): Promise<readonly TenantSummary[]> {
  const tenants = await caches.synced("tenants");
  let memo = lists.get(tenants);
  if (memo?.generation !== tenants.generation) lists.set(tenants, (memo = { generation: tenants.generation, byScope: new Map() }));
  const key = scopeKey(p);
  const known = memo.byScope.get(key);
  if (known) return known;
  const out: TenantSummary[] = [];
  for (const t of tenants.list()) {
    const a = tenantAccess(p, t);
    if (a !== "none") out.push(summary(t, a));
  }
  const sorted = Object.freeze(out.sort(compareSummaries));
  if (memo.byScope.size < MAX_SCOPES) memo.byScope.set(key, sorted);
  return sorted;
}

export interface WorkerView {
  name: string;
  pool: string;
  phase: string;
  ip?: string;
  vcpu: number;
  memory: string;
  ready: boolean;
  /** The hypervisor Node the VM runs on. */
  node?: string;
  /** Why the VM is not placed: the scheduler's message (e.g. "0/3 nodes are available: 3 Insufficient cpu."). */
  unschedulable?: string;
}

/**
 * When an event happened, as precisely as it says: the reconciler's own high-resolution stamp, else
 * eventTime, else the whole-second lastTimestamp; equal stamps fall back to creation order.
 */
const eventTime = (e: EventResource) => e.metadata?.annotations?.[EVENT_TIME_ANNOTATION] ?? e.eventTime ?? e.lastTimestamp ?? e.metadata?.creationTimestamp ?? "";

/** One tenant with its conditions, provisioning steps, workers, network, quota and recent events. */
export async function tenantDetail(caches: CacheRegistry, p: Principal, name: string) {
  const { tenant: t, access } = await requireTenantAccess(caches, p, name);
  const [vms, vmis, subnets, events, policy] = await Promise.all([
    caches.synced("vms"), caches.synced("vmis"), caches.synced("subnets"), caches.synced("events"), currentPolicy(caches),
  ]);
  const n = tenantNames(name);
  const workers: WorkerView[] = vms.list()
    .filter((v) => v.metadata?.namespace === n.namespace)
    .map((v) => {
      const vmName = v.metadata!.name!;
      const vmi = vmis.get(vmName, n.namespace);
      const domain = v.spec?.template?.spec?.domain;
      return {
        name: vmName,
        pool: v.metadata?.labels?.[POOL_LABEL] ?? "",
        phase: vmi?.status?.phase ?? v.status?.printableStatus ?? "Provisioning",
        ip: vmi?.status?.interfaces?.[0]?.ipAddress,
        vcpu: domain?.cpu?.cores ?? 0,
        memory: domain?.memory?.guest ?? "",
        ready: v.status?.ready === true,
        node: vmi?.status?.nodeName,
        unschedulable: v.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False")?.message,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  const subnet = subnets.get(n.subnet);
  const network = {
    vpc: n.vpc, subnet: subnet ? n.subnet : undefined, cidr: t.spec.network.cidr, gateway: subnet?.spec?.gateway,
    vlanId: t.spec.network.mode === "vlan" ? t.spec.network.vlanId : undefined,
    usingIPs: subnet?.status?.v4usingIPs, availableIPs: subnet?.status?.v4availableIPs,
  };
  const recent = events.list()
    .filter((e) => e.metadata?.labels?.[TENANT_LABEL] === name)
    .map((e) => ({ at: e.lastTimestamp ?? e.metadata?.creationTimestamp ?? "", sortKey: eventTime(e), created: e.metadata?.creationTimestamp ?? "", reason: e.reason ?? "", message: e.message ?? "", warning: e.type === "Warning" }))
    .sort((a, b) => b.sortKey.localeCompare(a.sortKey) || b.created.localeCompare(a.created))
    .slice(0, 20)
    .map(({ sortKey: _s, created: _c, ...e }) => e);
  return {
    ...summary(t, access), spec: t.spec, conditions: t.status?.conditions ?? [], steps: t.status?.steps ?? [], namespace: n.namespace,
    workers, network, events: recent,
    // What the tenant may use (its own quota, else the platform default; -1 unlimited) and what its pools ask for.
    effectiveQuota: effectiveQuota(t.spec, policy), requested: poolUsage(t.spec),
  };
}
export type TenantDetail = Awaited<ReturnType<typeof tenantDetail>>;

/** The networks every tenant holds, for the wizard's overlap checks (platform admins only). */
export async function takenNetworks(caches: CacheRegistry): Promise<{ name: string; spec: Pick<TenantResource["spec"], "network"> }[]> {
  return (await caches.synced("tenants")).list().map((t) => ({ name: t.metadata.name, spec: { network: t.spec.network } }));
}
