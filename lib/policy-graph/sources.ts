/**
 * The outgoing edges of one tenant. Only nodes the tenant can reach at all (same switch, same VLAN segment, or
 * where its routers deliver) are evaluated; every other edge is deny by construction and is computed on demand.
 */
import { Ctx } from "@/lib/policy-graph/context";
import { evaluatePair, type Atom } from "@/lib/policy-graph/evaluate";
import type { Network } from "@/lib/policy-graph/forward";
import type { Endpoint, Model, SubnetModel } from "@/lib/policy-graph/model";
import { DEFAULT_VPC } from "@/lib/policy-graph/topology";
import type { Edge, Warning } from "@/lib/policy-graph/types";
import { edgeOf, noEndpoints } from "@/lib/policy-graph/verdicts";

export interface SourceResult {
  /** Non-deny edges by destination node. */
  edges: Map<string, Edge>;
  deps: Set<string>;
  warnings: Map<string, Warning>;
}

function addSubnetNodes(ctx: Ctx, s: SubnetModel, out: Set<string>): void {
  ctx.read(`subnet:${s.name}`);
  for (const e of s.endpoints) if (e.node) out.add(e.node);
}

/**
 * Nodes that x's flows may reach: a sound superset, found without evaluating any flow (the pair evaluation
 * then decides exactly). A routed packet can only visit routers in the peer-link closure of x's router, be
 * delivered into their connected subnets, or leave through their gateways and implicit default routes.
 */
export function reachableNodes(ctx: Ctx, x: Endpoint, out: Set<string>): void {
  const xs = x.subnet;
  if (!xs) return;
  addSubnetNodes(ctx, xs, out);
  if (xs.detached) return;
  if (xs.segment) {
    ctx.read(`seg:${xs.segment}`);
    for (const s of ctx.model.segments.get(xs.segment)?.subnets ?? []) if (!s.detached) addSubnetNodes(ctx, s, out);
  }
  const networks = new Set<Network>();
  if (!xs.routerAttached || (xs.u2o && !xs.logicalGateway)) networks.add("physical-gateway");
  if (xs.routerAttached) {
    const seen = new Set<string>();
    const queue = [xs.vpc];
    while (queue.length) {
      const name = queue.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      ctx.read(`vpc:${name}`);
      const r = ctx.model.vpcs.get(name);
      if (!r) continue;
      for (const s of r.connected) if (s !== xs) addSubnetNodes(ctx, s, out);
      for (const l of r.peers) queue.push(l.remote);
      if (r.isDefault) networks.add("host");
      if (r.ovnGateway || r.natGateways.length) networks.add("physical");
    }
  }
  if (networks.size === 0) return;
  ctx.read("net");
  out.add("external");
  if (networks.size === 1 && networks.has("physical-gateway")) return;
  if (ctx.model.platformEndpoints.length) out.add("platform");
  for (const s of ctx.model.platformUnderlay) addSubnetNodes(ctx, s, out);
  if (networks.has("host")) {
    ctx.read(`vpc:${DEFAULT_VPC}`);
    for (const s of ctx.model.vpcs.get(DEFAULT_VPC)!.connected) addSubnetNodes(ctx, s, out);
  }
}

/** All atoms of the edge from → to (every endpoint pair). */
export function edgeAtoms(ctx: Ctx, from: Endpoint[], to: Endpoint[]): Atom[] {
  const atoms: Atom[] = [];
  for (const x of from) {
    if (!x.subnet) continue;
    for (const y of to) for (const a of evaluatePair(ctx, x, y)) atoms.push(a);
  }
  return atoms;
}

export function computeEdge(ctx: Ctx, from: string, to: string): Edge {
  ctx.read(`node:${from}`);
  ctx.read(to === "external" ? "net" : `node:${to}`);
  const xs = ctx.model.nodeEndpoints.get(from) ?? [];
  const ys = ctx.model.nodeEndpoints.get(to) ?? [];
  if (xs.length === 0) return noEndpoints(from, to, from);
  if (ys.length === 0) return noEndpoints(from, to, to);
  return edgeOf(from, to, edgeAtoms(ctx, xs, ys));
}

export function computeSource(model: Model, tenant: string): SourceResult {
  const ctx = new Ctx(model);
  const node = `tenant:${tenant}`;
  ctx.read(`node:${node}`);
  const reach = new Set<string>();
  for (const x of model.nodeEndpoints.get(node) ?? []) reachableNodes(ctx, x, reach);
  reach.delete(node);
  const edges = new Map<string, Edge>();
  for (const to of [...reach].sort()) {
    const e = computeEdge(ctx, node, to);
    if (e.verdict !== "deny") edges.set(to, e);
  }
  return { edges, deps: ctx.deps, warnings: ctx.warnings };
}
