import "server-only";
import yaml from "js-yaml";
import { canReadFleet, type Principal } from "@/lib/authz/scope";
import { KINDS, type Kind } from "@/lib/policy-graph/objects";
import { trace, type TraceResult } from "@/lib/policy-graph/trace";
import { flowSpec, sideSpec, type TraceQueryInput } from "@/lib/schemas/network";
import { tenantNames } from "@/lib/tenants/names";
import { invalid, notFound } from "@/server/domain-errors";
import { graphCacheName, type CacheRegistry } from "@/server/kube/cache-registry";
import { OTHER, liveGraph, tenantScope } from "@/server/services/policy-graph";

// Views over the live policy graph besides the graph itself: one object's YAML, and "Can A reach B?".

/** Keys whose values may hold credentials (cloud-init user data and the like): never sent to a browser. */
const SECRET_KEYS = /^(userData|userDataBase64|networkData|networkDataBase64)$|pass(word)?|secret|token|private.?key/i;

function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : redacted(v)]));
  }
  return value;
}

/**
 * The YAML of an object a reason of the graph names ("Subnet/acme-net", "NetworkPolicy/tenant-a/deny-all"), from
 * the graph's watch caches: only the kinds the graph reads (so never a Secret), without managed fields, and with
 * anything credential-like redacted. Tenant roles get only their own tenants' objects; anything else is "not found".
 */
export async function objectYaml(caches: CacheRegistry, p: Principal, ref: string): Promise<{ ref: string; yaml: string }> {
  const [kind, a, b] = ref.split("/");
  const missing = () => notFound(`object ${ref} not found`);
  if (!kind || !(KINDS as readonly string[]).includes(kind) || !a) throw missing();
  if (!canReadFleet(p) && !(await tenantScope(caches, p)).mine(ref)) throw missing();
  const cache = await caches.synced(graphCacheName(kind as Kind), 5_000).catch(() => caches.get(graphCacheName(kind as Kind)));
  const obj = cache.get(b ?? a, b ? a : undefined);
  if (!obj) throw missing();
  const { managedFields: _m, ...metadata } = (obj.metadata ?? {}) as Record<string, unknown> & { annotations?: Record<string, string> };
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations["kubectl.kubernetes.io/last-applied-configuration"];
  const shown = redacted({ apiVersion: obj.apiVersion, kind, ...obj, metadata: { ...metadata, ...(Object.keys(annotations).length ? { annotations } : { annotations: undefined }) } });
  return { ref, yaml: yaml.dump(JSON.parse(JSON.stringify(shown)), { noRefs: true, lineWidth: 120 }) };
}

export interface TraceView extends TraceResult {
  /** The engine's spelling of both sides and the flow, as `kmetal policy-trace` takes them. */
  query: { from: string; to: string; port: string };
}

/**
 * "Can A reach B?" over the live graph's model, with the engine's trace (the one `kmetal policy-trace` prints).
 * Tenant roles may start only from their own tenants' things; whatever another tenant owns along the path is
 * shown as "another tenant", its objects without name or field.
 */
export async function traceView(caches: CacheRegistry, p: Principal, q: TraceQueryInput): Promise<TraceView> {
  const live = liveGraph(caches);
  await Promise.all([caches.synced("tenants", 5_000).catch(() => undefined), ...KINDS.map((k) => caches.synced(graphCacheName(k), 5_000).catch(() => undefined))]);
  const query = { from: sideSpec(q.from), to: sideSpec(q.to), port: flowSpec(q) };
  const fleet = canReadFleet(p);
  const scope = fleet ? undefined : await tenantScope(caches, p);
  const model = live.graph.modelView();
  const ownsEndpoint = (endpointNode?: string) => !!endpointNode && !!scope?.own.has(endpointNode);
  if (scope) {
    // A tenant role names only its own tenants, subnets and VMs; an address may be anything, the answer scrubbed.
    for (const [field, side] of [["from", q.from], ["to", q.to]] as const) {
      // Like every other call on a tenant outside one's scope: not found.
      if (side.kind === "tenant" && !scope.ownNames.has(side.value)) throw notFound(`tenant ${side.value} not found`);
      const ok = side.kind === "tenant" ? true
        : side.kind === "subnet" ? scope.mine(`Subnet/${side.value}`)
          : side.kind === "vm" ? [...scope.ownNames].some((n) => side.value.startsWith(`${tenantNames(n).namespace}/`))
            : true;
      if (!ok) throw invalid([{ field, reason: "NotFound", message: `${side.value} is not one of your tenants' ${side.kind === "vm" ? "VMs" : side.kind === "subnet" ? "subnets" : "tenants"}` }]);
    }
  }
  let result: TraceResult;
  try {
    result = trace(model, query);
  } catch (err) {
    const message = (err as Error).message;
    const field = message.includes("flow") ? "port" : /holds|no endpoint/.test(message) && q.from.kind === "ip" && message.includes(q.from.value) ? "from" : "to";
    throw invalid([{ field, reason: "NotFound", message: scope ? scope.scrub(message) : message }]);
  }
  if (!scope) return { ...result, query };
  if (q.from.kind === "ip" && !result.paths.every((x) => ownsEndpoint(model.workloads.get(x.from)?.node ?? endpointNode(model, x.from)))) {
    throw invalid([{ field: "from", reason: "NotFound", message: `${q.from.value} is not an address of your tenants` }]);
  }
  const id = (endpoint: string) => {
    const node = endpointNode(model, endpoint);
    return node && node.startsWith("tenant:") && !scope.own.has(node) ? OTHER : scope.scrub(endpoint);
  };
  const ref = <T extends { ref?: string; path?: string; detail?: string }>(r: T): T =>
    r.ref && !r.ref.startsWith("Assumption/") && !scope.mine(r.ref)
      ? { ...r, ref: undefined, path: undefined, detail: r.detail ? scope.scrub(r.detail) : undefined }
      : { ...r, detail: r.detail ? scope.scrub(r.detail) : undefined };
  return {
    ...result, query,
    paths: result.paths.map((x) => ({
      ...x, from: id(x.from), to: id(x.to),
      hops: x.hops.map((h) => ({ ...ref(h), step: scope.scrub(h.step) })),
      reasons: x.reasons.filter((r) => r.ref.startsWith("Assumption/") || scope.mine(r.ref)).map((r) => (r.detail ? { ...r, detail: scope.scrub(r.detail) } : r)),
    })),
  };
}

/** The node of an endpoint id of the model. */
function endpointNode(model: ReturnType<ReturnType<typeof liveGraph>["graph"]["modelView"]>, endpoint: string): string | undefined {
  for (const [node, eps] of model.nodeEndpoints) if (eps.some((e) => e.id === endpoint)) return node;
  return undefined;
}
