import type { Capacity } from "@/lib/fleet/capacity";
import { USAGE_KEYS, type TenantUsage, type UsageKey } from "@/lib/fleet/usage";
import { capacitySeries, phaseSeries, usageSeries } from "@/lib/trends/series";

type Totals = Record<UsageKey, { used: number; hard?: number }>;

/** The values of one fleet sample: totals used/hard, capacity requested/allocatable, tenants by phase. */
export function fleetSample(totals: Totals, cap: Pick<Capacity, "total">, phases: Record<string, number>): Record<string, number> {
  const v: Record<string, number> = {};
  for (const k of USAGE_KEYS) {
    v[usageSeries(k, "used")] = totals[k].used;
    if (totals[k].hard !== undefined) v[usageSeries(k, "hard")] = totals[k].hard!;
  }
  v[capacitySeries("cpu", "requested")] = cap.total.requested.cpu;
  v[capacitySeries("cpu", "allocatable")] = cap.total.allocatable.cpu;
  v[capacitySeries("memoryGi", "requested")] = cap.total.requested.memoryGi;
  v[capacitySeries("memoryGi", "allocatable")] = cap.total.allocatable.memoryGi;
  for (const [p, n] of Object.entries(phases)) v[phaseSeries(p)] = n;
  return v;
}

/** The values of one tenant's sample: each usage line's used and hard, where known. */
export function tenantSample(u: Pick<TenantUsage, "lines">): Record<string, number> {
  const v: Record<string, number> = {};
  for (const l of u.lines) {
    if (l.used !== undefined) v[usageSeries(l.key, "used")] = l.used;
    if (l.hard !== undefined) v[usageSeries(l.key, "hard")] = l.hard;
  }
  return v;
}

/** Tenants by phase, counted as the `kmetal_tenants` gauge counts them (being deleted: Deleting; no status yet: Pending). */
export function phaseCounts(tenants: { metadata: { deletionTimestamp?: unknown }; status?: { phase?: string } }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tenants) {
    const p = t.metadata.deletionTimestamp ? "Deleting" : t.status?.phase ?? "Pending";
    out[p] = (out[p] ?? 0) + 1;
  }
  return out;
}

/** The key of a tenant's series in the shared in-memory store. */
export const tenantSeriesId = (tenant: string, id: string) => `${tenant}/${id}`;
