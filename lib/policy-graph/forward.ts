/** Spec §7: the forward path of one atom from endpoint x to endpoint y, up to where it is delivered. */
import { addrIn, type Box } from "@/lib/policy-graph/box";
import { formatIPv4 } from "@/lib/policy-graph/ip";
import { inRanges } from "@/lib/policy-graph/match";
import type { Endpoint, NatGateway, SubnetModel, VpcModel } from "@/lib/policy-graph/model";
import type { Ctx } from "@/lib/policy-graph/context";
import { describeRoute, lookupRoute, policyStage, rangeText, routePath } from "@/lib/policy-graph/routes";
import { DEFAULT_VPC } from "@/lib/policy-graph/topology";

export type Network = "host" | "physical" | "physical-gateway";

export type Forward =
  | { kind: "blocked" }
  /** Probe mode (no destination endpoint): where the atom ends up. */
  | { kind: "target"; subnet?: SubnetModel; network?: Network }
  | { kind: "switched" }
  | { kind: "l2" }
  | { kind: "routed"; last: VpcModel }
  | { kind: "network"; network: Network; last?: VpcModel; nat?: NatGateway };

const MAX_HOPS = 8;

/** Is y reachable from the host / physical network (assumption Assumption/physical-network)? */
export function networkReaches(ctx: Ctx, net: Network, y: Endpoint): boolean {
  ctx.read("net");
  if (y.location === "internet") return true;
  if (net === "physical-gateway") return false;
  if (y.location === "host") return true;
  if (!y.subnet) return false;
  if (ctx.model.platformUnderlay.includes(y.subnet)) return true;
  return net === "host" && y.subnet.vpc === DEFAULT_VPC && y.subnet.routerAttached;
}

function leavesToRouter(ctx: Ctx, xs: SubnetModel, box: Box): boolean {
  if (!xs.routerAttached) return false;
  if (xs.overlay || xs.logicalGateway) return true;
  // u2o without a logical gateway: only destinations in the Vpc's overlay subnets go to the router.
  ctx.read(`vpc:${xs.vpc}`);
  const lr = ctx.model.vpcs.get(xs.vpc)!;
  return inRanges(box, "d", lr.connected.filter((s) => s.overlay && s.net).map((s) => s.net!));
}

export function forward(ctx: Ctx, x: Endpoint, y: Endpoint, box: Box): Forward {
  const xs = x.subnet!;
  const ys = y.subnet;
  ctx.read(`subnet:${xs.name}`);
  if (ys) ctx.read(`subnet:${ys.name}`);
  ctx.hop(`from ${x.id}: logical switch Subnet/${xs.name}`);
  if (ys === xs) {
    ctx.hop(`same logical switch Subnet/${xs.name}: switched`);
    return { kind: "switched" };
  }
  if (xs.detached) {
    ctx.reason({ ref: `Subnet/${xs.name}`, path: xs.vlan ? "spec.vlan" : "spec.vpc", effect: "blocks", detail: "the source subnet is detached" });
    return { kind: "blocked" };
  }
  if (ys?.detached) {
    ctx.reason({ ref: `Subnet/${ys.name}`, path: ys.vlan ? "spec.vlan" : "spec.vpc", effect: "blocks", detail: "the destination subnet is detached" });
    return { kind: "blocked" };
  }
  if (ys && xs.segment && xs.segment === ys.segment) {
    ctx.read(`seg:${xs.segment}`);
    for (const v of new Set([xs.vlan!, ys.vlan!])) ctx.reason({ ref: `Vlan/${v}`, path: "spec.id", effect: "permits", detail: `shared L2 segment ${xs.segment}` });
    return { kind: "l2" };
  }
  if (!leavesToRouter(ctx, xs, box)) {
    const ok = networkReaches(ctx, "physical-gateway", y);
    ctx.reason({ ref: "Assumption/physical-segment-isolation", effect: "assumption", detail: ok ? "the physical gateway reaches the internet" : "the physical gateway reaches only the internet" });
    return ok ? { kind: "network", network: "physical-gateway" } : { kind: "blocked" };
  }
  return walkRouters(ctx, x, y, box);
}

/** Where the atoms of x's flows leave to, for finding which nodes x may reach at all. */
export function probe(ctx: Ctx, x: Endpoint, box: Box): Forward {
  const xs = x.subnet!;
  if (xs.detached) return { kind: "blocked" };
  if (!leavesToRouter(ctx, xs, box)) return { kind: "target", network: "physical-gateway" };
  return walkRouters(ctx, x, undefined, box);
}

function walkRouters(ctx: Ctx, x: Endpoint, y: Endpoint | undefined, box: Box): Forward {
  const table = x.subnet!.routeTable;
  let r = ctx.model.vpcs.get(x.subnet!.vpc)!;
  const visited = new Set<string>();
  for (let hops = 0; ; hops++) {
    ctx.read(`vpc:${r.name}`);
    const ref = `Vpc/${r.name}`;
    if (visited.has(r.name) || hops >= MAX_HOPS) {
      ctx.reason({ ref, effect: "blocks", detail: visited.has(r.name) ? "routing loop" : "more than 8 router hops" });
      return { kind: "blocked" };
    }
    visited.add(r.name);
    const route = lookupRoute(ctx, r, box, table, "d");
    if (!route) {
      ctx.reason({ ref, effect: "blocks" }, `router ${r.name}`);
      ctx.reason({ ref, path: "spec.staticRoutes", effect: "blocks", detail: `no route to ${rangeText(box, "d")}` });
      return { kind: "blocked" };
    }
    ctx.reason({ ref, effect: "permits" }, `router ${r.name}`);
    // Connected and implicit routes have no path of their own: the visited router stands for them.
    if (route.kind === "static") ctx.reason({ ref, path: routePath(route), effect: "permits", detail: describeRoute(route) }, "route");
    else ctx.hop("route", describeRoute(route));
    const policy = policyStage(ctx, r, box, false);
    const ppath = policy?.index === undefined ? undefined : `spec.policyRoutes[${policy.index}]`;
    if (policy?.action === "drop") {
      ctx.reason({ ref, path: ppath, effect: "blocks", detail: `policy priority ${policy.priority} drops` }, "policy");
      return { kind: "blocked" };
    }
    if (policy?.index !== undefined) ctx.reason({ ref, path: ppath, effect: "permits", detail: `policy priority ${policy.priority} ${policy.action}s` }, "policy");
    else ctx.hop("policy", policy ? `implicit policy ${policy.priority} allows (own subnet)` : "no policy matches: the route decides");
    let nextHop: number | undefined;
    if (policy?.action === "reroute") nextHop = policy.nextHop;
    else if (route.kind === "connected") {
      if (!y) return { kind: "target", subnet: route.subnet };
      if (route.subnet === y.subnet) {
        ctx.hop(`delivered into logical switch Subnet/${route.subnet.name}`);
        return { kind: "routed", last: r };
      }
      ctx.reason({ ref, effect: "blocks", detail: `${rangeText(box, "d")} is delivered into Subnet/${route.subnet.name}, not the destination` });
      return { kind: "blocked" };
    } else if (route.kind === "link") {
      ctx.reason({ ref, effect: "blocks", detail: `${rangeText(box, "d")} is on the peer link network, no endpoint there` });
      return { kind: "blocked" };
    } else if (route.kind === "implicit") {
      return exitTo(ctx, r, route.network, y);
    } else nextHop = route.route.nextHop;
    const link = nextHop === undefined ? undefined : r.peers.find((l) => l.remoteHost === nextHop);
    if (link) {
      ctx.reason({ ref, path: `spec.vpcPeerings[${link.index}]`, effect: "permits" }, `peer hop to ${link.remote}`);
      ctx.reason({ ref: `Vpc/${link.remote}`, path: `spec.vpcPeerings[${link.remoteIndex}]`, effect: "permits" });
      r = ctx.model.vpcs.get(link.remote)!;
      continue;
    }
    const gw = nextHop === undefined ? undefined : r.natGateways.find((g) => g.lanIp === nextHop);
    if (gw) return viaNatGateway(ctx, r, gw, y);
    ctx.reason({ ref, path: policy?.action === "reroute" ? ppath : routePath(route), effect: "blocks", detail: `next hop ${nextHop === undefined ? "(none)" : formatIPv4(nextHop)} does not forward` });
    return { kind: "blocked" };
  }
}

function exitTo(ctx: Ctx, r: VpcModel, network: "host" | "physical", y: Endpoint | undefined): Forward {
  if (!y) return { kind: "target", network };
  const ok = networkReaches(ctx, network, y);
  ctx.reason({ ref: "Assumption/physical-network", effect: "assumption", detail: `the ${network === "host" ? "host" : "external"} network ${ok ? "reaches" : "does not reach"} the destination` }, network === "host" ? "host network" : "external network (OVN gateway)");
  return ok ? { kind: "network", network, last: r } : { kind: "blocked" };
}

function viaNatGateway(ctx: Ctx, r: VpcModel, gw: NatGateway, y: Endpoint | undefined): Forward {
  ctx.reason({ ref: `VpcNatGateway/${gw.name}`, effect: "permits" }, "NAT gateway");
  const f = exitTo(ctx, r, "physical", y);
  return f.kind === "network" ? { ...f, nat: gw } : f;
}

/** SNAT/FIP covering the source for the reply through a NAT gateway (§9). */
export function natCovers(ctx: Ctx, gw: NatGateway, box: Box): boolean {
  for (const rule of gw.snat) {
    if (inRanges(box, "s", rule.ranges)) {
      ctx.reason({ ref: `IptablesSnatRule/${rule.name}`, effect: "permits" }, "reply: SNAT");
      return true;
    }
  }
  for (const fip of gw.fip) {
    if (addrIn(box, "s", fip.ip, fip.ip)) {
      ctx.reason({ ref: `IptablesFIPRule/${fip.name}`, effect: "permits" }, "reply: FIP");
      return true;
    }
  }
  ctx.reason({ ref: `VpcNatGateway/${gw.name}`, effect: "narrows", detail: `no SNAT/FIP for ${rangeText(box, "s")}` }, "reply");
  return false;
}
