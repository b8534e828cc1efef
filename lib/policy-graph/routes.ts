/** Spec §7.4 a–b: one logical router's route lookup (longest prefix) and its policy stage. */
import { addrIn, type Box } from "@/lib/policy-graph/box";
import { formatIPv4, formatRange } from "@/lib/policy-graph/ip";
import { ruleMatches } from "@/lib/policy-graph/match";
import type { PeerLink, PolicyRoute, StaticRoute, SubnetModel, VpcModel } from "@/lib/policy-graph/model";
import type { Ctx } from "@/lib/policy-graph/context";

export type RouteChoice =
  | { kind: "connected"; subnet: SubnetModel }
  | { kind: "link"; link: PeerLink }
  | { kind: "static"; route: StaticRoute }
  | { kind: "implicit"; network: "host" | "physical" };

const RANK = { connected: 2, link: 2, static: 1, implicit: 0 } as const;

/**
 * Longest prefix over connected subnets, peer links, destination routes of the source's route table and the
 * implicit default; then source routes. `dst`/`src` say which box dimension is the packet's destination.
 */
export function lookupRoute(ctx: Ctx, r: VpcModel, box: Box, table: string, dst: "s" | "d"): RouteChoice | undefined {
  const src = dst === "d" ? "s" : "d";
  let best: RouteChoice | undefined;
  let bestPrefix = -1;
  const offer = (c: RouteChoice, prefix: number) => {
    if (prefix > bestPrefix || (prefix === bestPrefix && RANK[c.kind] > RANK[best!.kind])) {
      best = c;
      bestPrefix = prefix;
    }
  };
  for (const s of r.connected) if (s.net && s.net.prefix >= bestPrefix && addrIn(box, dst, s.net.lo, s.net.hi)) offer({ kind: "connected", subnet: s }, s.net.prefix);
  for (const l of r.peers) if (addrIn(box, dst, l.net.lo, l.net.hi)) offer({ kind: "link", link: l }, l.net.prefix);
  for (const rt of r.routes) {
    if (rt.src || (rt.table !== "" && rt.table !== table)) continue;
    if (rt.net.prefix >= bestPrefix && addrIn(box, dst, rt.net.lo, rt.net.hi)) offer({ kind: "static", route: rt }, rt.net.prefix);
  }
  if (r.isDefault) offer({ kind: "implicit", network: "host" }, 0);
  else if (r.ovnGateway) offer({ kind: "implicit", network: "physical" }, 0);
  if (best) return best;
  // Kube-OVN's patched OVN ranks source routes below every destination route.
  let srcBest: StaticRoute | undefined;
  for (const rt of r.routes) {
    if (!rt.src || (rt.table !== "" && rt.table !== table)) continue;
    if ((!srcBest || rt.net.prefix > srcBest.net.prefix) && addrIn(box, src, rt.net.lo, rt.net.hi)) srcBest = rt;
  }
  return srcBest ? { kind: "static", route: srcBest } : undefined;
}

const PRANK = { allow: 2, reroute: 1, drop: 0 } as const;

/** Highest-priority matching policy (implicit 31000 allows included); ties → the permissive one, warned. */
export function policyStage(ctx: Ctx, r: VpcModel, box: Box, reply: boolean): PolicyRoute | undefined {
  const list = sortedPolicies(r);
  let best: PolicyRoute | undefined;
  for (const p of list) {
    if (best && p.priority < best.priority) break;
    if (!ruleMatches(p.expr, box, p.action === "drop", { reply })) continue;
    if (!best) best = p;
    else if (p.action !== best.action) {
      ctx.warn({ code: "PriorityTie", ref: `Vpc/${r.name}`, path: p.index === undefined ? undefined : `spec.policyRoutes[${p.index}]`, detail: `same priority ${p.priority} as another policy with action ${best.action}; the permissive one is taken` });
      if (PRANK[p.action] > PRANK[best.action]) best = p;
    }
  }
  return best;
}

const sortedCache = new WeakMap<VpcModel, PolicyRoute[]>();
/** After a router's policies change in place. */
export const forgetSortedPolicies = (r: VpcModel) => sortedCache.delete(r);
function sortedPolicies(r: VpcModel): PolicyRoute[] {
  let s = sortedCache.get(r);
  if (!s) sortedCache.set(r, (s = [...r.policies].sort((a, b) => b.priority - a.priority || (a.index ?? 1e9) - (b.index ?? 1e9))));
  return s;
}

export const routePath = (c: RouteChoice) => (c.kind === "static" ? `spec.staticRoutes[${c.route.index}]` : undefined);

export function describeRoute(c: RouteChoice): string {
  switch (c.kind) {
    case "connected": return `connected route to Subnet/${c.subnet.name} (${c.subnet.net!.text})`;
    case "link": return `peer link network ${c.link.net.text}`;
    case "static": return `static route ${c.route.net.text}${c.route.nextHop !== undefined ? ` via ${formatIPv4(c.route.nextHop)}` : ""}`;
    case "implicit": return c.network === "host" ? "default route to the host network (join)" : "default route to the external network (OVN gateway)";
  }
}

export const rangeText = (box: Box, dim: "s" | "d") => (dim === "d" ? formatRange(box.dLo, box.dHi) : formatRange(box.sLo, box.sHi));
