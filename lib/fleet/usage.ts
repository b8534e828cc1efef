import { round, toGi, parseQuantity } from "@/lib/fleet/quantity";

export const USAGE_KEYS = ["vcpu", "memoryGi", "storageGi", "workers", "loadBalancers"] as const;
export type UsageKey = (typeof USAGE_KEYS)[number];

/** Where a line's used value comes from: what the under cluster reports, never a number the console made up. */
export type UsageSource = "resourceQuota" | "vmis" | "services";

export interface UsageLine {
  key: UsageKey;
  /** What the tenant's spec asks for (its worker pools; existing LoadBalancer Services). */
  requested: number;
  /** What is in use, as `source` reports it; undefined while the quota controller has not reported yet. */
  used?: number;
  /** The limit: the ResourceQuota's `status.hard`, or the tenant's effective quota where no quota entry exists; undefined = unlimited. */
  hard?: number;
  source: UsageSource;
  /** used / hard (0–1+), when both are known and hard > 0. */
  ratio?: number;
}

export type HotSpot = "ok" | "warn" | "alarm";
export const WARN_RATIO = 0.8;
export const ALARM_RATIO = 0.95;

export interface TenantUsage {
  tenant: string;
  lines: UsageLine[];
  /** The worst line: ≥ 80 % warn, ≥ 95 % alarm. */
  hotSpot: HotSpot;
  /** The ResourceQuota exists and kube-controller-manager has filled its status. */
  quotaReported: boolean;
}

/** The parts of a ResourceQuota the aggregation reads. */
export interface QuotaObject {
  spec?: { hard?: Record<string, string> };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}
export interface VmiObject {
  status?: { phase?: string };
}
export interface ServiceObject {
  spec?: { type?: string };
}

export interface UsageInput {
  tenant: string;
  /** From the tenant's spec: what its pools ask for (poolUsage). */
  requested: { vcpu: number; memoryGi: number; storageGi: number; workers: number };
  /** The tenant's effective quota (own, else the platform default); -1 = unlimited. */
  quota: Record<UsageKey, number>;
  resourceQuota?: QuotaObject;
  vmis: VmiObject[];
  services: ServiceObject[];
}

/** The ResourceQuota key of each line it covers (as the reconciler writes them, see lib/tenants/plan.ts). */
const QUOTA_KEY: Partial<Record<UsageKey, string>> = {
  vcpu: "requests.cpu", memoryGi: "requests.memory", storageGi: "requests.storage", loadBalancers: "services.loadbalancers",
};
const inUnit = (k: UsageKey, q: string | undefined) => (k === "memoryGi" || k === "storageGi" ? toGi(q) : parseQuantity(q));
/** VMIs that hold a worker slot: everything but the final phases. */
const FINAL = new Set(["Succeeded", "Failed"]);

export const hotSpotOf = (ratio: number | undefined): HotSpot => (ratio === undefined ? "ok" : ratio >= ALARM_RATIO ? "alarm" : ratio >= WARN_RATIO ? "warn" : "ok");
const worst = (a: HotSpot, b: HotSpot): HotSpot => (a === "alarm" || b === "alarm" ? "alarm" : a === "warn" || b === "warn" ? "warn" : "ok");

/**
 * Used against hard per resource for one tenant, from what the under cluster reports: the ResourceQuota's
 * `status.used` (kube-controller-manager's quota controller) for cpu, memory, storage and load balancers;
 * the VMIs for workers; the LoadBalancer Services where the quota has no entry for them.
 */
export function tenantUsage(input: UsageInput): TenantUsage {
  const rq = input.resourceQuota;
  const reported = !!rq?.status?.used;
  const lbServices = input.services.filter((s) => s.spec?.type === "LoadBalancer").length;
  const lines = USAGE_KEYS.map((key): UsageLine => {
    const qk = QUOTA_KEY[key];
    const requested = key === "loadBalancers" ? lbServices : input.requested[key];
    let line: UsageLine;
    if (qk && rq?.spec?.hard?.[qk] !== undefined) {
      const used = rq.status?.used?.[qk];
      line = { key, requested, source: "resourceQuota", used: used === undefined ? undefined : inUnit(key, used), hard: inUnit(key, rq.status?.hard?.[qk] ?? rq.spec.hard[qk]) };
    } else if (key === "workers") {
      line = { key, requested, source: "vmis", used: input.vmis.filter((v) => !FINAL.has(v.status?.phase ?? "")).length, hard: input.quota.workers >= 0 ? input.quota.workers : undefined };
    } else if (key === "loadBalancers") {
      line = { key, requested, source: "services", used: lbServices, hard: input.quota.loadBalancers >= 0 ? input.quota.loadBalancers : undefined };
    } else {
      // No quota entry: the limit is unset (unlimited); usage is not reported by anything for this resource.
      line = { key, requested, source: "resourceQuota", used: undefined, hard: undefined };
    }
    if (line.used !== undefined) line.used = round(line.used);
    if (line.hard !== undefined) line.hard = round(line.hard);
    if (line.used !== undefined && line.hard !== undefined && line.hard > 0) line.ratio = round(line.used / line.hard, 4);
    else if (line.used !== undefined && line.used > 0 && line.hard === 0) line.ratio = 1; // nothing allowed, something used: full
    return line;
  });
  return { tenant: input.tenant, lines, quotaReported: reported, hotSpot: lines.reduce((h, l) => worst(h, hotSpotOf(l.ratio)), "ok" as HotSpot) };
}

/** Sums of every tenant's lines (used and hard per key; an unlimited hard makes the sum's hard unknown). */
export function fleetTotals(all: TenantUsage[]): Record<UsageKey, { used: number; hard?: number; requested: number }> {
  const out = Object.fromEntries(USAGE_KEYS.map((k) => [k, { used: 0, hard: 0 as number | undefined, requested: 0 }])) as Record<UsageKey, { used: number; hard?: number; requested: number }>;
  for (const t of all) {
    for (const l of t.lines) {
      const o = out[l.key];
      o.used = round(o.used + (l.used ?? 0));
      o.requested = round(o.requested + l.requested);
      o.hard = o.hard === undefined || l.hard === undefined ? undefined : round(o.hard + l.hard);
    }
  }
  return out;
}

/** Headroom for a new tenant's quota step: what the platform's maximum leaves after what the pools request (negative = over). */
export function headroom(requested: Partial<Record<UsageKey, number>>, limit: Partial<Record<UsageKey, number>>): Partial<Record<UsageKey, number>> {
  const out: Partial<Record<UsageKey, number>> = {};
  for (const k of USAGE_KEYS) {
    const l = limit[k];
    if (l !== undefined && l >= 0) out[k] = round(l - (requested[k] ?? 0));
  }
  return out;
}
