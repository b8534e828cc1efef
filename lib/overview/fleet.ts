import type { TenantSlotData } from "@/lib/overview/slots";
import type { TenantObject } from "@/lib/schemas/tenant";
import { byCodePoint } from "@/lib/compare";

// The health of the fleet as the overview and the NOC wall show it: one row per tenant, derived from the
// Tenant's own status (what the reconciler observed), and totals kept up to date row by row.

/** Phases that have no control plane to speak of: they count in no "not ready" total. */
const INERT = new Set(["Deleting", "Refused"]);

export interface TenantHealth {
  name: string;
  phase: string;
  controlPlane: { ready: boolean; replicas: number };
  /** The tenant's dedicated etcd (its DataStore) as the reconciler last saw it. */
  etcdReady: boolean;
  /**
   * The load-balanced endpoint, and whether the API server answered there when the reconciler last probed it
   * (its APIServerAvailable condition); undefined before the first probe.
   */
  endpoint: { address?: string; answering?: boolean };
  workers: { ready: number; desired: number };
  /** Policy-graph violations from or to this tenant. */
  violations: number;
  /** From the certificate inventory and quota usage (lib/overview/slots.ts), when known. */
  certificateExpiry?: string;
  quotaHotspot?: TenantSlotData["quotaHotspot"];
}

const isTrue = (t: TenantObject, type: string) => t.status?.conditions?.some((c) => c.type === type && c.status === "True") ?? false;
const answering = (t: TenantObject) => {
  const c = t.status?.conditions?.find((x) => x.type === "APIServerAvailable");
  return c ? c.status === "True" : undefined;
};

/** One tenant's row; `violations` comes from the policy graph. */
export function tenantHealth(t: TenantObject, violations = 0, slots: TenantSlotData = {}): TenantHealth {
  const cpReady = isTrue(t, "ControlPlaneReady");
  return {
    ...(slots.certificateExpiry ? { certificateExpiry: slots.certificateExpiry } : {}),
    ...(slots.quotaHotspot ? { quotaHotspot: slots.quotaHotspot } : {}),
    name: t.metadata.name,
    phase: t.metadata.deletionTimestamp ? "Deleting" : t.status?.phase ?? "Pending",
    controlPlane: { ready: cpReady, replicas: t.spec.controlPlane?.replicas ?? 1 },
    etcdReady: isTrue(t, "DatastoreReady"),
    endpoint: { address: t.status?.endpoint, answering: answering(t) },
    workers: { ready: t.status?.readyWorkers ?? 0, desired: t.spec.workerPools.reduce((n, p) => n + p.replicas, 0) },
    violations,
  };
}

/** What the tenant list can be narrowed to from a link: tenants whose control plane or workers are not ready. */
export type Attention = "control-plane" | "workers";
export const ATTENTIONS: readonly Attention[] = ["control-plane", "workers"];

/** The rows the overview's "not ready" numbers count, and the tenant list shows for the same link. */
export function needsAttention(r: { phase: string; controlPlaneReady: boolean; readyWorkers: number; desiredWorkers: number }, a: Attention): boolean {
  if (INERT.has(r.phase)) return false;
  return a === "control-plane" ? !r.controlPlaneReady : r.readyWorkers < r.desiredWorkers;
}
const attentionOf = (h: TenantHealth) => ({ phase: h.phase, controlPlaneReady: h.controlPlane.ready, readyWorkers: h.workers.ready, desiredWorkers: h.workers.desired });

export interface FleetCounts {
  tenants: number;
  byPhase: Record<string, number>;
  controlPlanesNotReady: number;
  workersNotReady: number;
  /** Violations summed over tenants (an edge between two tenants counts for each). */
  violations: number;
  tenantsWithViolations: number;
}

const empty = (): FleetCounts => ({ tenants: 0, byPhase: {}, controlPlanesNotReady: 0, workersNotReady: 0, violations: 0, tenantsWithViolations: 0 });

function add(c: FleetCounts, h: TenantHealth, sign: 1 | -1) {
  c.tenants += sign;
  const n = (c.byPhase[h.phase] ?? 0) + sign;
  if (n) c.byPhase[h.phase] = n;
  else delete c.byPhase[h.phase];
  if (needsAttention(attentionOf(h), "control-plane")) c.controlPlanesNotReady += sign;
  if (needsAttention(attentionOf(h), "workers")) c.workersNotReady += sign;
  c.violations += sign * h.violations;
  if (h.violations > 0) c.tenantsWithViolations += sign;
}

/** The totals of some rows, computed from scratch. */
export function countFleet(rows: Iterable<TenantHealth>): FleetCounts {
  const c = empty();
  for (const h of rows) add(c, h, 1);
  return c;
}

/**
 * Totals kept row by row: a changed tenant costs its old row out and its new row in, never a pass over the
 * fleet. `sync` takes the current rows and touches only those that differ (by identity) from last time.
 */
export class FleetTally {
  private readonly rows = new Map<string, TenantHealth>();
  private readonly c = empty();

  set(h: TenantHealth): void {
    const old = this.rows.get(h.name);
    if (old === h) return;
    if (old) add(this.c, old, -1);
    add(this.c, h, 1);
    this.rows.set(h.name, h);
  }

  delete(name: string): void {
    const old = this.rows.get(name);
    if (!old) return;
    add(this.c, old, -1);
    this.rows.delete(name);
  }

  /** Makes the tally hold exactly `rows`; returns how many rows changed. */
  sync(rows: Iterable<TenantHealth>): number {
    let changed = 0;
    const seen = new Set<string>();
    for (const h of rows) {
      seen.add(h.name);
      if (this.rows.get(h.name) !== h) changed++;
      this.set(h);
    }
    for (const name of [...this.rows.keys()]) {
      if (!seen.has(name)) {
        this.delete(name);
        changed++;
      }
    }
    return changed;
  }

  counts(): FleetCounts {
    return { ...this.c, byPhase: { ...this.c.byPhase } };
  }
}

const PHASE_WEIGHT: Record<string, number> = { Refused: 60, Degraded: 50, Provisioning: 20, Pending: 15, Updating: 10, Deleting: 5, Ready: 0 };

/** How bad a tenant looks on the wall: violations first, then a broken phase, control plane, etcd, workers. */
export function severity(h: TenantHealth): number {
  const inert = INERT.has(h.phase);
  return (h.violations > 0 ? 1000 : 0) + (PHASE_WEIGHT[h.phase] ?? 30)
    + (inert ? 0 : (h.controlPlane.ready ? 0 : 8) + (h.etcdReady ? 0 : 6) + (h.workers.ready < h.workers.desired ? 4 : 0));
}

/** Worst first, then by name: the wall's order. */
export const worstFirst = (a: TenantHealth, b: TenantHealth) => severity(b) - severity(a) || byCodePoint(a.name, b.name);

export interface Failure {
  tenant: string;
  reason: string;
  message: string;
  at: string;
}

/** The newest warnings of the tenants in `visible`, at most `limit`. */
export function recentFailures(
  events: Iterable<{ tenant?: string; warning: boolean; reason: string; message: string; at: string }>, visible: (tenant: string) => boolean, limit = 8,
): Failure[] {
  const out: Failure[] = [];
  for (const e of events) {
    if (!e.warning || !e.tenant || !visible(e.tenant)) continue;
    out.push({ tenant: e.tenant, reason: e.reason, message: e.message, at: e.at });
  }
  return out.sort((a, b) => byCodePoint(b.at, a.at) || byCodePoint(a.tenant, b.tenant)).slice(0, limit);
}
