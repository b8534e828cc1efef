/**
 * "Can A reach B?": one protocol and port from a source (tenant, subnet, VM/Pod, or IP) to a destination
 * (the same, or platform, external), with the hop-by-hop path of every atom and the reply path.
 */
import { ICMP, OTHER, SCTP, TCP, UDP, type Box } from "@/lib/policy-graph/box";
import { Ctx, type Hop } from "@/lib/policy-graph/context";
import { evaluatePair } from "@/lib/policy-graph/evaluate";
import { formatRange, parseIPv4 } from "@/lib/policy-graph/ip";
import type { Endpoint, Model } from "@/lib/policy-graph/model";
import type { FlowResult, Reason } from "@/lib/policy-graph/types";

export interface TraceQuery {
  from: string;
  to: string;
  /** "tcp/443", "udp/53", "sctp/9", "icmp" or "other". */
  port: string;
}

export interface TracePath {
  from: string;
  to: string;
  src: string;
  dst: string;
  result: FlowResult;
  hops: Hop[];
  reasons: Reason[];
}

export interface TraceResult {
  verdict: FlowResult | "partial" | "no-endpoints";
  flow: string;
  paths: TracePath[];
}

const PROTOS: Record<string, number> = { tcp: TCP, udp: UDP, sctp: SCTP, icmp: ICMP, other: OTHER };

export function parsePort(text: string): { protos: number; pLo: number; pHi: number } {
  const m = /^(tcp|udp|sctp)\/(\d{1,5})$/.exec(text) ?? /^(icmp|other)$/.exec(text);
  const port = m?.[2] !== undefined ? Number(m[2]) : 0;
  if (!m || (m[2] !== undefined && (port < 1 || port > 65535))) throw new Error(`"${text}" is not a flow: use tcp/443, udp/53, sctp/9, icmp or other`);
  return { protos: PROTOS[m[1]!]!, pLo: port || 1, pHi: port || 65535 };
}

interface Side {
  endpoints: Endpoint[];
  ip?: number;
}

function allEndpoints(model: Model): Endpoint[] {
  return [...model.nodeEndpoints.values()].flat();
}

/** A side of the query: tenant:<t> / <t>, platform, external, subnet:<s>, <Kind>/<ns>/<name>, vm:<ns>/<name>, or an IP. */
export function resolveSide(model: Model, spec: string): Side {
  const ip = parseIPv4(spec);
  if (ip !== undefined) {
    const hits = allEndpoints(model).filter((e) => e.ranges.some((r) => r.lo <= ip && ip <= r.hi));
    if (!hits.length) throw new Error(`no endpoint holds ${spec}`);
    const size = (e: Endpoint) => e.hi - e.lo;
    const best = Math.min(...hits.map(size));
    return { endpoints: hits.filter((e) => size(e) === best), ip };
  }
  if (spec === "platform" || spec === "external") return { endpoints: model.nodeEndpoints.get(spec) ?? [] };
  if (spec.startsWith("subnet:")) {
    const s = model.subnets.get(spec.slice(7));
    if (!s) throw new Error(`Subnet ${spec.slice(7)} does not exist`);
    return { endpoints: s.endpoints };
  }
  const wl = spec.startsWith("vm:") ? `VirtualMachine/${spec.slice(3)}` : spec;
  if (wl.includes("/")) {
    const eps = allEndpoints(model).filter((e) => e.ref === wl || e.id === wl);
    if (!eps.length) throw new Error(`no workload ${wl}`);
    return { endpoints: eps };
  }
  const node = spec.startsWith("tenant:") ? spec : `tenant:${spec}`;
  if (!model.tenants.includes(node.slice(7))) throw new Error(`no tenant ${node.slice(7)}`);
  return { endpoints: model.nodeEndpoints.get(node) ?? [] };
}

export function trace(model: Model, q: TraceQuery): TraceResult {
  const flow = parsePort(q.port);
  const src = resolveSide(model, q.from);
  const dst = resolveSide(model, q.to);
  const paths: TracePath[] = [];
  for (const x of src.endpoints) {
    if (!x.subnet) continue;
    for (const y of dst.endpoints) {
      const ctx = new Ctx(model, undefined, undefined, true);
      const within: Partial<Box> = { ...flow };
      if (src.ip !== undefined) Object.assign(within, { sLo: src.ip, sHi: src.ip });
      if (dst.ip !== undefined) Object.assign(within, { dLo: dst.ip, dHi: dst.ip });
      for (const a of evaluatePair(ctx, x, y, within)) {
        paths.push({ from: x.id, to: y.id, src: formatRange(a.box.sLo, a.box.sHi), dst: formatRange(a.box.dLo, a.box.dHi), result: a.result, hops: a.hops ?? [], reasons: a.reasons });
      }
    }
  }
  const results = new Set(paths.map((p) => p.result));
  const verdict = paths.length === 0 ? "no-endpoints" : results.size === 1 ? [...results][0]! : "partial";
  return { verdict, flow: q.port, paths };
}
