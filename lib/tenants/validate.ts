import { overlaps, parseCidr, hostCapacity } from "@/lib/net/cidr";
import { QUOTA_KEYS, type PlatformPolicySpec, type Quota, type TenantSpec } from "@/lib/schemas/tenant";

export interface PolicyProblem {
  field: string;
  reason: "VersionNotAllowed" | "NetworkModeNotAllowed" | "InvalidCidr" | "CidrOverlap" | "VlanOutOfRange" | "VlanInUse" | "QuotaAboveMaximum" | "PoolsExceedQuota" | "SubnetTooSmall";
  message: string;
}

export interface OtherTenant {
  name: string;
  spec: Pick<TenantSpec, "network">;
}

export type PolicyVerdict =
  | { ok: true; quota: Required<Quota>; addons: string[] }
  | { ok: false; problems: PolicyProblem[] };

/** The quota a tenant gets: its own values, else the platform defaults; unset means unlimited (-1). */
export function effectiveQuota(spec: TenantSpec, policy: PlatformPolicySpec): Required<Quota> {
  const q = {} as Required<Quota>;
  for (const k of QUOTA_KEYS) q[k] = spec.quota?.[k] ?? policy.defaultQuota?.[k] ?? -1;
  return q;
}

/** What the tenant's worker pools consume. */
export function poolUsage(spec: TenantSpec) {
  const sum = (f: (p: TenantSpec["workerPools"][number]) => number) => spec.workerPools.reduce((n, p) => n + f(p) * p.replicas, 0);
  return { vcpu: sum((p) => p.vcpu), memoryGi: sum((p) => p.memoryGi), storageGi: sum((p) => p.diskGi), workers: sum(() => 1) };
}

export interface ValidateOptions {
  /**
   * Name the other tenant in a clash. Only for messages a platform admin reads (the wizard); messages
   * that reach tenant users (conditions, events) must not tell one tenant about another.
   */
  nameOthers?: boolean;
}

/**
 * Checks a tenant against the platform policy and every other tenant. Pure: the reconciler refuses a
 * tenant with problems before it writes anything, and the wizard shows the same messages.
 */
export function validateTenant(name: string, spec: TenantSpec, policy: PlatformPolicySpec, others: OtherTenant[], opts: ValidateOptions = {}): PolicyVerdict {
  const nameOthers = opts.nameOthers ?? true;
  const problems: PolicyProblem[] = [];
  const add = (field: string, reason: PolicyProblem["reason"], message: string) => problems.push({ field, reason, message });

  if (!policy.allowedVersions.includes(spec.kubernetesVersion)) {
    add("spec.kubernetesVersion", "VersionNotAllowed", `Kubernetes ${spec.kubernetesVersion} is not allowed; allowed: ${policy.allowedVersions.join(", ")}`);
  }
  const modes = policy.allowedNetworkModes ?? ["overlay", "vlan"];
  if (!modes.includes(spec.network.mode)) add("spec.network.mode", "NetworkModeNotAllowed", `network mode ${spec.network.mode} is not allowed; allowed: ${modes.join(", ")}`);

  const cidr = parseCidr(spec.network.cidr);
  if (!cidr) add("spec.network.cidr", "InvalidCidr", `${spec.network.cidr} is not an IPv4 network address in CIDR form (e.g. 10.20.0.0/24)`);
  else {
    for (const p of policy.platformCidrs ?? []) {
      const pc = parseCidr(p);
      if (pc && overlaps(cidr, pc)) add("spec.network.cidr", "CidrOverlap", `${cidr.text} overlaps the platform network ${pc.text}`);
    }
    for (const o of others) {
      if (o.name === name) continue;
      const oc = parseCidr(o.spec.network.cidr);
      if (oc && overlaps(cidr, oc)) add("spec.network.cidr", "CidrOverlap", nameOthers ? `${cidr.text} overlaps ${oc.text} of tenant ${o.name}` : `${cidr.text} overlaps another tenant's network`);
    }
  }

  if (spec.network.mode === "vlan") {
    const id = spec.network.vlanId;
    const r = policy.vlanRange;
    if (r && (id < r.min || id > r.max)) add("spec.network.vlanId", "VlanOutOfRange", `VLAN ${id} is outside the platform range ${r.min}-${r.max}`);
    // Underlay subnets are not isolated by their VPC: two tenants on one VLAN share a broadcast domain.
    const clash = others.find((o) => o.name !== name && o.spec.network.mode === "vlan" && o.spec.network.vlanId === id);
    if (clash) add("spec.network.vlanId", "VlanInUse", nameOthers ? `VLAN ${id} is already used by tenant ${clash.name}` : `VLAN ${id} is already used by another tenant's network`);
  }

  const quota = effectiveQuota(spec, policy);
  for (const k of QUOTA_KEYS) {
    const max = policy.maxQuota?.[k];
    if (max !== undefined && (quota[k] < 0 || quota[k] > max)) {
      add(`spec.quota.${k}`, "QuotaAboveMaximum", `${k} quota ${quota[k] < 0 ? "unlimited" : quota[k]} is above the platform maximum ${max}`);
    }
  }
  const used = poolUsage(spec);
  for (const k of ["vcpu", "memoryGi", "storageGi", "workers"] as const) {
    if (quota[k] >= 0 && used[k] > quota[k]) add("spec.workerPools", "PoolsExceedQuota", `the worker pools need ${used[k]} ${k}, above the quota of ${quota[k]}`);
  }
  if (cidr && used.workers > hostCapacity(cidr)) {
    add("spec.network.cidr", "SubnetTooSmall", `${cidr.text} has room for ${hostCapacity(cidr)} workers, the pools ask for ${used.workers}`);
  }

  if (problems.length) return { ok: false, problems };
  const addons = [...new Set([...(policy.mandatoryAddons ?? []), ...(spec.addons ?? [])])].sort();
  return { ok: true, quota, addons };
}
