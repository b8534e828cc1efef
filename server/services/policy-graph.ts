import "server-only";
import { canReadFleet, type Principal } from "@/lib/authz/scope";
import { PolicyGraph, isViolating } from "@/lib/policy-graph/graph";
import { KINDS, type Kind } from "@/lib/policy-graph/objects";
import type { Edge, Reason, Warning } from "@/lib/policy-graph/types";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { graphCacheName, type CacheRegistry } from "@/server/kube/cache-registry";
import { PLATFORM_POLICY } from "@/server/services/platform-policy";

interface LiveGraph {
  graph: PolicyGraph;
  /** Kinds whose cache has a complete list; the others (no such CRD here, say) count as empty. */
  synced: Set<Kind>;
  lastRefreshMs: number;
}

const graphs = new WeakMap<CacheRegistry, LiveGraph>();

/**
 * The network policy graph of the under cluster, kept up to date from the watch caches: every change is fed
 * to the engine, which recomputes only the tenants it affects (lib/policy-graph).
 */
export function liveGraph(caches: CacheRegistry): LiveGraph {
  let live = graphs.get(caches);
  if (live) return live;
  const graph = new PolicyGraph({ platformCIDRs: [] });
  live = { graph, synced: new Set(), lastRefreshMs: 0 };
  const l = live;
  for (const kind of KINDS) {
    const cache = caches.get(graphCacheName(kind));
    for (const o of cache.list()) graph.applyChange(kind, o);
    if (cache.state.synced) l.synced.add(kind);
    cache.subscribe((ev) => {
      if (ev.type === "STATE") {
        if (ev.state.synced) l.synced.add(kind);
        return;
      }
      graph.applyChange(kind, ev.object, ev.type === "DELETED");
    });
  }
  // The platform's CIDRs come from its policy: tenants must never reach them.
  const policies = caches.get("policies");
  const setInput = () => graph.setInput({ platformCIDRs: ((policies.get(PLATFORM_POLICY)?.spec ?? {}) as { platformCidrs?: string[] }).platformCidrs ?? [] });
  setInput();
  policies.subscribe((ev) => ev.type !== "STATE" && setInput());
  graphs.set(caches, live);
  return live;
}

/** Waits (briefly) for the graph's caches, so a first view is not computed from half-loaded lists. */
async function settled(caches: CacheRegistry, live: LiveGraph, ms = 5_000) {
  const pending = KINDS.filter((k) => !live.synced.has(k)).map((k) => caches.synced(graphCacheName(k), ms).catch(() => undefined));
  await Promise.all([...pending, caches.synced("policies", ms).catch(() => undefined), caches.synced("tenants", ms).catch(() => undefined)]);
}

export interface GraphView {
  /** Tenant names (edges name them "tenant:<name>"). */
  tenants: string[];
  edges: Edge[];
  violations: Edge[];
  warnings: Warning[];
  /** Kinds not (yet) listed from the under cluster, e.g. a CRD that is not installed. */
  unwatched: string[];
  computedInMs: number;
}

const OTHER = "another tenant";
const isTenant = (id: string) => id.startsWith("tenant:");

/**
 * What the principal may see of the graph. Platform roles: everything. Tenant roles: only edges from or to
 * their own tenants; any other tenant is "another tenant", and reasons that name another tenant's objects
 * are left out, so no name they may not see ever reaches them.
 */
export async function graphView(caches: CacheRegistry, p: Principal): Promise<GraphView> {
  const live = liveGraph(caches);
  await settled(caches, live);
  const t0 = performance.now();
  live.graph.refresh();
  live.lastRefreshMs = performance.now() - t0;
  const unwatched = KINDS.filter((k) => !live.synced.has(k));
  const base = { unwatched, computedInMs: Math.round(live.lastRefreshMs * 10) / 10 };
  if (canReadFleet(p)) {
    return { tenants: live.graph.tenants, edges: live.graph.edges(), violations: live.graph.violations(), warnings: live.graph.warnings(), ...base };
  }
  const tenants = await caches.synced("tenants");
  const own = new Set(tenants.list().filter((t) => t.spec.owners?.includes(p.name)).map((t) => `tenant:${t.metadata.name}`));
  const ownNames = new Set([...own].map((id) => id.slice("tenant:".length)));
  // A reason's object is theirs when it carries one of their tenants' label, or lives in one of their namespaces.
  const mine = (ref: string) => {
    const [kind, a, b] = ref.split("/");
    if (!kind || !(KINDS as readonly string[]).includes(kind)) return false;
    const obj = caches.get(graphCacheName(kind as Kind)).get(b ?? a ?? "", b ? a : undefined);
    const owner = obj?.metadata?.labels?.[TENANT_LABEL];
    return (!!owner && ownNames.has(owner)) || [...ownNames].some((n) => obj?.metadata?.namespace === tenantNames(n).namespace);
  };
  const hide = (id: string) => (isTenant(id) && !own.has(id) ? OTHER : id);
  const scoped = (e: Edge): Edge => ({
    ...e, from: hide(e.from), to: hide(e.to),
    reasons: e.reasons.filter((r: Reason) => r.ref.startsWith("Assumption/") || mine(r.ref)),
  });
  const visible = (e: Edge) => own.has(e.from) || own.has(e.to);
  return {
    tenants: [...ownNames].filter((n) => live.graph.tenants.includes(n)),
    edges: live.graph.edges().filter(visible).map(scoped),
    violations: live.graph.violations().filter(visible).map(scoped),
    warnings: live.graph.warnings().filter((w) => mine(w.ref)),
    ...base,
  };
}

/** The number of violations, for the shell's banner and the metrics (platform roles only). */
export function violationCount(caches: CacheRegistry): number {
  const live = graphs.get(caches);
  if (!live) return 0;
  live.graph.refresh();
  return live.graph.violations().filter(isViolating).length;
}

export const GRAPH_SOURCES = [...KINDS.map(graphCacheName), "policies" as const];
