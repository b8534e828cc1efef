import "server-only";
import { canReadFleet, scopeKey, tenantAccess, type Principal } from "@/lib/authz/scope";
import { FleetTally, recentFailures, tenantHealth, worstFirst, type Failure, type FleetCounts, type TenantHealth } from "@/lib/overview/fleet";
import { EVENT_TIME_ANNOTATION, TENANT_LABEL } from "@/lib/tenants/names";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import type { TenantResource } from "@/server/kube/resources";
import type { WatchCacheState } from "@/server/kube/watch-cache";
import { capacitySlot, certificateSlots, quotaSlots, type SlotFigures, type TenantSlotData } from "@/lib/overview/slots";
import { source } from "@/server/kube/live-feed";
import { certificateInventory, inventoryOnNow } from "@/server/services/certificates";
import { capacity, fleetUsage } from "@/server/services/fleet";
import { GRAPH_SOURCES, liveGraph } from "@/server/services/policy-graph";

/**
 * Every cache the overview and the wall read: a change in any of them may change what they show. The PKI Secrets
 * only while the certificate inventory is on (listening to them would start their watches).
 */
export function fleetHealthSources(caches: CacheRegistry) {
  // Decided without waiting (a wall reconnecting while the API server is down must not hang here).
  const pki = inventoryOnNow(caches) ? [source("pkiSecrets")] : [];
  return [
    source("tenants"), source("policies"), ...pki, source("quotas"), source("vmis"), source("services", (s) => s.spec?.type === "LoadBalancer"),
    source("nodes"), source("launchers"), ...GRAPH_SOURCES.map((c) => source(c)),
  ];
}

// The fleet at a glance, for the overview and the NOC wall. Rows are made once per Tenant object (the watch
// cache hands out a new object on each change) and violation count, and the totals of each scope are kept by a
// FleetTally that touches only the rows that changed.

const rowsByTenant = new WeakMap<TenantResource, TenantHealth>();

function rowOf(t: TenantResource, violations: number, slots: TenantSlotData): TenantHealth {
  const known = rowsByTenant.get(t);
  if (known && known.violations === violations && known.certificateExpiry === slots.certificateExpiry
    && known.quotaHotspot?.resource === slots.quotaHotspot?.resource && known.quotaHotspot?.percent === slots.quotaHotspot?.percent) return known;
  const row = tenantHealth(t, violations, slots);
  rowsByTenant.set(t, row);
  return row;
}

/** Violations per tenant name: edges from a tenant to another tenant or the platform count for both ends. */
function violationsByTenant(caches: CacheRegistry): { perTenant: Map<string, number>; edges: { from: string; to: string }[] } {
  const live = liveGraph(caches);
  live.graph.refresh();
  const edges = live.graph.violations();
  const perTenant = new Map<string, number>();
  const bump = (id: string) => id.startsWith("tenant:") && perTenant.set(id.slice(7), (perTenant.get(id.slice(7)) ?? 0) + 1);
  for (const e of edges) {
    bump(e.from);
    if (e.to !== e.from) bump(e.to);
  }
  return { perTenant, edges };
}

interface ScopeState {
  tally: FleetTally;
}
const scopes = new WeakMap<CacheRegistry, Map<string, ScopeState>>();
const MAX_SCOPES = 256;

/** The health rows the principal may see (unsorted), and the totals over exactly those rows. */
async function scopedRows(caches: CacheRegistry, p: Principal) {
  const tenants = await caches.synced("tenants");
  const { perTenant, edges } = violationsByTenant(caches);
  const slots = await slotData(caches, p);
  const rows: TenantHealth[] = [];
  for (const t of tenants.list()) {
    if (tenantAccess(p, t) === "none") continue;
    const name = t.metadata.name;
    rows.push(rowOf(t, perTenant.get(name) ?? 0, { certificateExpiry: slots.soonest.get(name), quotaHotspot: slots.hot.get(name) }));
  }
  let all = scopes.get(caches);
  if (!all) scopes.set(caches, (all = new Map()));
  const key = scopeKey(p);
  let state = all.get(key);
  if (!state) {
    state = { tally: new FleetTally() };
    if (all.size < MAX_SCOPES) all.set(key, state);
  }
  state.tally.sync(rows);
  const visible = new Set(rows.map((r) => r.name));
  // Tenant roles count only the edges that touch one of their own tenants (the other end stays unnamed).
  const violationEdges = canReadFleet(p) ? edges.length : edges.filter((e) => visible.has(e.from.slice(7)) || visible.has(e.to.slice(7))).length;
  return { rows, visible, counts: state.tally.counts(), violationEdges, figures: slots.figures };
}

/**
 * What the certificate inventory, quota usage and (platform roles) capacity say for this scope: the
 * overview's figures and each tenant's wall slots. Each part that cannot be read yet is left out, not guessed.
 */
async function slotData(caches: CacheRegistry, p: Principal) {
  const [certs, usage, cap] = await Promise.all([
    certificateInventory(caches, p).catch(() => undefined),
    fleetUsage(caches, p).catch(() => undefined),
    canReadFleet(p) ? capacity(caches, p).catch(() => undefined) : undefined,
  ]);
  const c = certs ? certificateSlots(certs.certificates, certs.thresholds.warningSeconds) : undefined;
  const q = usage ? quotaSlots(usage.tenants) : undefined;
  const figures: Partial<SlotFigures> = {
    ...(c ? { certificates: c.figures } : {}),
    ...(q ? { quota: q.figures } : {}),
    ...(cap ? { capacity: capacitySlot(cap) } : {}),
  };
  return { figures, soonest: c?.soonest ?? new Map<string, string>(), hot: q?.hot ?? new Map<string, NonNullable<TenantSlotData["quotaHotspot"]>>() };
}

export interface FleetOverview {
  /** "fleet" for platform roles; "own" when only the caller's tenants are counted. */
  scope: "fleet" | "own";
  counts: FleetCounts;
  /** Violating edges of the policy graph the caller may see (tenant roles: those touching their tenants). */
  violationEdges: number;
  failures: Failure[];
  /** Certificates past a threshold, quota hot spots and (platform roles) capacity, where known. */
  figures: Partial<SlotFigures>;
}

const eventTime = (e: { metadata?: { annotations?: Record<string, string>; creationTimestamp?: string }; eventTime?: string; lastTimestamp?: string }) =>
  e.metadata?.annotations?.[EVENT_TIME_ANNOTATION]?.split("#")[0] ?? e.eventTime ?? e.lastTimestamp ?? e.metadata?.creationTimestamp ?? "";

/** The overview's numbers for the principal: tenants by phase, not-ready counts, violations, recent failures. */
export async function fleetOverview(caches: CacheRegistry, p: Principal): Promise<FleetOverview> {
  const [{ visible, counts, violationEdges, figures }, events] = await Promise.all([scopedRows(caches, p), caches.synced("events")]);
  const failures = recentFailures(
    events.list().map((e) => ({ tenant: e.metadata?.labels?.[TENANT_LABEL], warning: e.type === "Warning", reason: e.reason ?? "", message: e.message ?? "", at: eventTime(e) })),
    (t) => visible.has(t),
  );
  return { scope: canReadFleet(p) ? "fleet" : "own", counts, violationEdges, failures, figures };
}

export interface WallView {
  counts: FleetCounts;
  violationEdges: number;
  /** Worst first. */
  tiles: TenantHealth[];
}

/** The NOC wall: a tile per tenant the viewer may see, worst first, and the totals over them. */
export async function wallView(caches: CacheRegistry, p: Principal): Promise<WallView> {
  const { rows, counts, violationEdges } = await scopedRows(caches, p);
  return { counts, violationEdges, tiles: rows.sort(worstFirst) };
}

// When each registry's tenant watch last went down (ms): the data is as old as that, however long ago the
// watch last had an event or bookmark to deliver.
const lost = new WeakMap<CacheRegistry, { at?: number }>();

/**
 * The cache is current: its watch is open, or it has just listed and opens the watch without a failure in
 * between (the moment after the first list). A failed or broken watch is not, until it is open again.
 */
const current = (s: WatchCacheState) => s.connected || (s.synced && s.failures === 0 && s.lastError === undefined);

/** Whether the console's watch of the tenants is current, and if not, since when its data has been behind. */
export function fleetFreshness(caches: CacheRegistry): { connected: boolean; heardAt?: number } {
  const cache = caches.get("tenants");
  let l = lost.get(caches);
  if (!l) {
    const mark = { at: current(cache.state) ? undefined : Date.now() };
    cache.subscribe((ev) => {
      if (ev.type !== "STATE") return;
      if (current(ev.state)) mark.at = undefined;
      else mark.at ??= Date.now();
    });
    lost.set(caches, (l = mark));
  }
  const s = cache.state;
  return current(s) ? { connected: true, heardAt: s.lastHeardAt } : { connected: false, heardAt: l.at ?? s.lastHeardAt };
}
