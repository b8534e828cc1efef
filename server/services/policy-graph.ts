import "server-only";
import crypto from "node:crypto";
import { canReadFleet, tenantAccess, type Principal } from "@/lib/authz/scope";
import { activeExceptions, exceptionStates, withExceptions, type ExceptionRecord, type ExceptionStatus } from "@/lib/policy-graph/exceptions";
import { PolicyGraph, isViolating } from "@/lib/policy-graph/graph";
import { KINDS, type Kind } from "@/lib/policy-graph/objects";
import type { Edge, Reason, Warning } from "@/lib/policy-graph/types";
import { TENANT_LABEL, tenantNames } from "@/lib/tenants/names";
import { graphCacheName, type CacheRegistry } from "@/server/kube/cache-registry";
import type { CreateExceptionInput } from "@/lib/schemas/network";
import { invalid, notFound } from "@/server/domain-errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import type { PolicyExceptionResource } from "@/server/kube/resources";
import { PLATFORM_POLICY } from "@/server/services/platform-policy";

interface LiveGraph {
  graph: PolicyGraph;
  /** Kinds whose cache has a complete list; the others (no such CRD here, say) count as empty. */
  synced: Set<Kind>;
  lastRefreshMs: number;
  /** Every PolicyException object, expired or not. */
  exceptions: () => ExceptionRecord[];
  /** Called when the input changed without a cache event (an exception ran out, the lists loaded): live feeds recompute. */
  onInputChange: Set<() => void>;
  /** Resolves once the graph holds every cache's full list (see liveGraph); `load` forces it. */
  loaded: Promise<void>;
  load: () => void;
}

const recordOf = (o: PolicyExceptionResource): ExceptionRecord => ({
  name: o.metadata?.name ?? "", from: o.spec?.from, to: o.spec?.to, reason: o.spec?.reason, expires: o.spec?.expires, who: o.spec?.who,
  createdAt: o.metadata?.creationTimestamp,
});
/** setTimeout's longest delay; a later expiry is reached in several steps. */
const MAX_DELAY_MS = 2_147_483_647;

const graphs = new WeakMap<CacheRegistry, LiveGraph>();

/**
 * The network policy graph of the under cluster, kept up to date from the watch caches: every change is fed
 * to the engine, which recomputes only the tenants it affects (lib/policy-graph).
 */
export function liveGraph(caches: CacheRegistry): LiveGraph {
  let live = graphs.get(caches);
  if (live) return live;
  const graph = new PolicyGraph({ platformCIDRs: [] });
  const exceptionCache = caches.get("exceptions");
  let done = false;
  let resolveLoaded!: () => void;
  const loaded = new Promise<void>((r) => (resolveLoaded = r));
  // The graph is fed only once every cache it reads has its full list. Fed while the lists arrive (in pages, for
  // tens of thousands of objects), each refresh would see hundreds of new objects and rebuild the whole model: at
  // 10,000 tenants that is a second or two of CPU, again and again for as long as the lists take. A cache that
  // keeps failing to list (a CRD that is not installed) counts as loaded, empty.
  const load = () => {
    if (done) return;
    done = true;
    for (const kind of KINDS) for (const o of caches.get(graphCacheName(kind)).list()) graph.applyChange(kind, o);
    resolveLoaded();
    for (const f of l.onInputChange) f();
  };
  live = { graph, synced: new Set(), lastRefreshMs: 0, exceptions: () => exceptionCache.list().map(recordOf), onInputChange: new Set(), loaded, load };
  const l = live;
  const listed = () => KINDS.every((k) => l.synced.has(k) || caches.get(graphCacheName(k)).state.failures > 0);
  for (const kind of KINDS) {
    const cache = caches.get(graphCacheName(kind));
    if (cache.state.synced) l.synced.add(kind);
    cache.subscribe((ev) => {
      if (ev.type === "STATE") {
        if (ev.state.synced) l.synced.add(kind);
        if (!done && listed()) load();
        return;
      }
      if (done) graph.applyChange(kind, ev.object, ev.type === "DELETED");
    });
  }
  if (listed()) load();
  // The platform's CIDRs come from its policy: tenants must never reach them. The exceptions that hold now
  // excuse their paths; a timer set to the next expiry takes an exception out when its time comes.
  const policies = caches.get("policies");
  let expiry: NodeJS.Timeout | undefined;
  const setInput = () => {
    const now = Date.now();
    const { active, nextExpiryMs } = activeExceptions(l.exceptions(), now);
    graph.setInput(withExceptions({ platformCIDRs: ((policies.get(PLATFORM_POLICY)?.spec ?? {}) as { platformCidrs?: string[] }).platformCidrs ?? [] }, active));
    clearTimeout(expiry);
    expiry = undefined;
    if (nextExpiryMs !== undefined) {
      expiry = setTimeout(() => {
        setInput();
        for (const f of l.onInputChange) f();
      }, Math.min(MAX_DELAY_MS, Math.max(0, nextExpiryMs - now)));
      expiry.unref?.();
    }
  };
  setInput();
  policies.subscribe((ev) => ev.type !== "STATE" && setInput());
  exceptionCache.subscribe((ev) => ev.type !== "STATE" && setInput());
  graphs.set(caches, live);
  return live;
}

/**
 * Waits for the graph's lists, so a first view is not computed from half-loaded ones: at most `ms` (a fleet of
 * tens of thousands of objects takes a while to list), then the graph is fed whatever the caches hold.
 */
async function settled(caches: CacheRegistry, live: LiveGraph, ms = 30_000) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([live.loaded, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
  live.load();
  await Promise.all((["policies", "tenants", "exceptions"] as const).map((c) => caches.synced(c, 5_000).catch(() => undefined)));
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
  /** Policy exceptions with their state (platform roles only: they name tenants). */
  exceptions: ExceptionStatus[];
}

export const OTHER = "another tenant";
const isTenant = (id: string) => id.startsWith("tenant:");

export interface TenantScope {
  /** Node ids of the principal's own tenants. */
  own: Set<string>;
  ownNames: Set<string>;
  /** Whether the object a reason names is theirs: it carries one of their tenants' label, or lives in one of their namespaces. */
  mine: (ref: string) => boolean;
  /** The text with every other tenant's name, and the names of their objects, replaced. */
  scrub: (text: string) => string;
}

/** What of the graph's objects belongs to a tenant-role principal. */
export async function tenantScope(caches: CacheRegistry, p: Principal): Promise<TenantScope> {
  const tenants = await caches.synced("tenants");
  const own = new Set(tenants.list().filter((t) => tenantAccess(p, t) !== "none").map((t) => `tenant:${t.metadata.name}`));
  const ownNames = new Set([...own].map((id) => id.slice("tenant:".length)));
  const namespaces = new Set([...ownNames].map((n) => tenantNames(n).namespace));
  const mine = (ref: string) => {
    const [kind, a, b] = ref.split("/");
    if (!kind || !(KINDS as readonly string[]).includes(kind)) return false;
    const obj = caches.get(graphCacheName(kind as Kind)).get(b ?? a ?? "", b ? a : undefined);
    const owner = obj?.metadata?.labels?.[TENANT_LABEL];
    return (!!owner && ownNames.has(owner)) || (!!obj?.metadata?.namespace && namespaces.has(obj.metadata.namespace));
  };
  let foreign: Set<string> | undefined;
  const foreignNames = () => {
    if (foreign) return foreign;
    foreign = new Set();
    const f = foreign;
    const foreignNs = new Set<string>();
    for (const t of tenants.list()) {
      if (ownNames.has(t.metadata.name)) continue;
      f.add(t.metadata.name);
      foreignNs.add(tenantNames(t.metadata.name).namespace);
    }
    for (const ns of foreignNs) f.add(ns);
    for (const kind of KINDS) {
      for (const o of caches.get(graphCacheName(kind)).list()) {
        const owner = o.metadata?.labels?.[TENANT_LABEL];
        const ns = o.metadata?.namespace;
        if ((owner && !ownNames.has(owner)) || (ns && foreignNs.has(ns))) {
          if (o.metadata?.name) f.add(o.metadata.name);
          if (owner) f.add(owner);
        }
      }
    }
    return f;
  };
  const scrub = (text: string) => text.replace(/[a-z0-9]([-.a-z0-9]*[a-z0-9])?/g, (w) => (foreignNames().has(w) ? "…" : w));
  return { own, ownNames, mine, scrub };
}

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
    const edges = live.graph.edges();
    return {
      tenants: live.graph.tenants, edges, violations: live.graph.violations(), warnings: live.graph.warnings(), ...base,
      exceptions: exceptionStates(live.exceptions(), edges, Date.now()),
    };
  }
  const { own, ownNames, mine, scrub } = await tenantScope(caches, p);
  const hide = (id: string) => (isTenant(id) && !own.has(id) ? OTHER : id);
  const scoped = (e: Edge): Edge => ({
    ...e, from: hide(e.from), to: hide(e.to),
    reasons: e.reasons.filter((r: Reason) => r.ref.startsWith("Assumption/") || mine(r.ref)).map((r) => (r.detail ? { ...r, detail: scrub(r.detail) } : r)),
  });
  const visible = (e: Edge) => own.has(e.from) || own.has(e.to);
  return {
    tenants: [...ownNames].filter((n) => live.graph.tenants.includes(n)),
    edges: live.graph.edges().filter(visible).map(scoped),
    violations: live.graph.violations().filter(visible).map(scoped),
    // Exceptions name other tenants, and their warnings point at the input: neither is theirs to see.
    warnings: live.graph.warnings().filter((w) => w.ref !== "Input" && mine(w.ref)).map((w) => (w.detail ? { ...w, detail: scrub(w.detail) } : w)),
    ...base,
    exceptions: [],
  };
}

/** The number of violations, for the shell's banner and the metrics (platform roles only). */
export function violationCount(caches: CacheRegistry): number {
  const live = graphs.get(caches);
  if (!live) return 0;
  live.graph.refresh();
  return live.graph.violations().filter(isViolating).length;
}

export const GRAPH_SOURCES = [...KINDS.map(graphCacheName), "policies" as const, "exceptions" as const];

/** Lets a live feed recompute when the graph's input changes by itself (an exception expired). */
export function onGraphInputChange(caches: CacheRegistry): (notify: () => void) => () => void {
  return (notify) => {
    const live = liveGraph(caches);
    live.onInputChange.add(notify);
    return () => live.onInputChange.delete(notify);
  };
}

const nodeExists = (caches: CacheRegistry, id: string) => id === "platform" || !!caches.get("tenants").get(id.slice("tenant:".length));

/**
 * Creates a policy exception as the signed-in platform admin (`kube` impersonates them). Who made it comes
 * from the session; the under cluster's admission policy checks that name against the impersonated user.
 */
export async function createException(kube: KubeGateway, caches: CacheRegistry, p: Principal, input: CreateExceptionInput): Promise<{ name: string }> {
  await caches.synced("tenants");
  for (const [field, id] of [["from", input.from], ["to", input.to]] as const) {
    if (!nodeExists(caches, id)) throw invalid([{ field, reason: "NotFound", message: `${id.slice("tenant:".length)} is not a tenant` }]);
  }
  const name = `${input.from.slice("tenant:".length).slice(0, 40)}-${crypto.randomBytes(4).toString("hex")}`;
  const spec = { from: input.from, to: input.to, reason: input.reason, ...(input.expires ? { expires: input.expires } : {}), who: p.name };
  await kube.create(models.PolicyException, { metadata: { name }, spec } as never);
  return { name };
}

export async function deleteException(kube: KubeGateway, caches: CacheRegistry, name: string): Promise<void> {
  if (!(await caches.synced("exceptions")).get(name)) throw notFound(`policy exception ${name} not found`);
  await kube.delete(models.PolicyException, { name });
}

/**
 * One edge with every reason, deny edges included (computed on demand: the live graph stores no deny edges).
 * Tenant roles may ask only from one of their tenants to one of theirs, the platform or the internet.
 */
export async function edgeView(caches: CacheRegistry, p: Principal, from: string, to: string): Promise<Edge> {
  const live = liveGraph(caches);
  await settled(caches, live);
  const known = (id: string) => id === "platform" || id === "external" || live.graph.tenants.includes(id.slice("tenant:".length));
  if (canReadFleet(p)) {
    for (const id of [from, to]) if (!known(id)) throw notFound(`node ${id} not found`);
    return live.graph.edge(from, to);
  }
  const { own, mine, scrub } = await tenantScope(caches, p);
  for (const id of [from, to]) {
    if (isTenant(id) && !own.has(id)) throw notFound(`tenant ${id.slice("tenant:".length)} not found`);
    if (!known(id)) throw notFound(`node ${id} not found`);
  }
  if (!isTenant(from)) throw notFound(`node ${from} not found`);
  const e = live.graph.edge(from, to);
  return { ...e, reasons: e.reasons.filter((r) => r.ref.startsWith("Assumption/") || mine(r.ref)).map((r) => (r.detail ? { ...r, detail: scrub(r.detail) } : r)) };
}
