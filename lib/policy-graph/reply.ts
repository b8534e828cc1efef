/** Spec §9: can the reply come back? Routing and gateways only; ACLs are assumed stateful (Assumption 3). */
import { Split, type Box } from "@/lib/policy-graph/box";
import type { Endpoint, VpcModel } from "@/lib/policy-graph/model";
import type { Ctx } from "@/lib/policy-graph/context";
import { natCovers, type Forward } from "@/lib/policy-graph/forward";
import { inRanges } from "@/lib/policy-graph/match";
import { describeRoute, lookupRoute, policyStage, rangeText, routePath } from "@/lib/policy-graph/routes";

const swap = (b: Box): Box => ({ ...b, sLo: b.dLo, sHi: b.dHi, dLo: b.sLo, dHi: b.sHi });

/** Reverse walk from router `start` toward x (destination = the forward source). */
function routeBack(ctx: Ctx, start: VpcModel, x: Endpoint, table: string, box: Box): boolean {
  const rb = swap(box);
  try {
    return walkBack(ctx, start, x, table, rb);
  } catch (err) {
    if (err instanceof Split && (err.dim === "s" || err.dim === "d")) throw new Split(err.dim === "s" ? "d" : "s", err.at);
    throw err;
  }
}

function walkBack(ctx: Ctx, start: VpcModel, x: Endpoint, table: string, rb: Box): boolean {
  let r = start;
  const visited = new Set<string>();
  for (;;) {
    ctx.read(`vpc:${r.name}`);
    const ref = `Vpc/${r.name}`;
    if (visited.has(r.name) || visited.size >= 8) {
      ctx.reason({ ref, effect: "narrows", detail: "reply: routing loop" });
      return false;
    }
    visited.add(r.name);
    const route = lookupRoute(ctx, r, rb, table, "d");
    if (!route) {
      ctx.reason({ ref, path: "spec.staticRoutes", effect: "narrows", detail: `reply: no route to ${rangeText(rb, "d")}` }, "reply");
      return false;
    }
    const policy = policyStage(ctx, r, rb, true);
    const ppath = policy?.index === undefined ? undefined : `spec.policyRoutes[${policy.index}]`;
    if (policy?.action === "drop") {
      ctx.reason({ ref, path: ppath, effect: "narrows", detail: `reply: policy priority ${policy.priority} drops` }, "reply");
      return false;
    }
    if (route.kind === "static") ctx.reason({ ref, path: routePath(route), effect: "permits", detail: `reply: ${describeRoute(route)}` }, "reply route");
    else ctx.hop("reply route", `${r.name}: ${describeRoute(route)}`);
    if (policy?.index !== undefined) ctx.reason({ ref, path: ppath, effect: "permits", detail: `reply: policy priority ${policy.priority} ${policy.action}s` }, "reply policy");
    const nextHop = policy?.action === "reroute" ? policy.nextHop : route.kind === "static" ? route.route.nextHop : undefined;
    if (policy?.action !== "reroute" && route.kind === "connected") {
      if (route.subnet === x.subnet) return true;
      ctx.reason({ ref, effect: "narrows", detail: `reply: delivered into Subnet/${route.subnet.name}, not the source` }, "reply");
      return false;
    }
    const link = nextHop === undefined ? undefined : r.peers.find((l) => l.remoteHost === nextHop);
    if (!link) {
      ctx.reason({ ref, path: policy?.action === "reroute" ? ppath : routePath(route), effect: "narrows", detail: "reply: does not lead back to the source" }, "reply");
      return false;
    }
    r = ctx.model.vpcs.get(link.remote)!;
  }
}

/** Whether the delivered atom gets its reply back (connection) or not (oneway). */
export function replyComesBack(ctx: Ctx, x: Endpoint, y: Endpoint, f: Forward, box: Box): boolean {
  switch (f.kind) {
    case "switched":
    case "l2":
      return true;
    case "routed":
      ctx.reason({ ref: "Assumption/stateful-replies", effect: "assumption" });
      return routeBack(ctx, f.last, x, y.subnet?.routeTable ?? "", box);
    case "network": {
      if (f.network === "physical-gateway") return true;
      ctx.reason({ ref: "Assumption/stateful-replies", effect: "assumption" });
      if (f.nat) {
        if (!natCovers(ctx, f.nat, box)) return false;
      } else if (f.network === "physical") {
        const rule = f.last!.ovnSnat.find((r) => inRanges(box, "s", r.ranges));
        if (!rule) {
          ctx.reason({ ref: `Vpc/${f.last!.name}`, path: "spec.enableExternal", effect: "narrows", detail: `no OvnSnatRule for ${rangeText(box, "s")}` }, "reply");
          return false;
        }
        ctx.reason({ ref: `OvnSnatRule/${rule.name}`, effect: "permits" }, "reply: SNAT");
      } else if (y.location === "internet") {
        const xs = x.subnet!;
        ctx.reason({ ref: `Subnet/${xs.name}`, path: "spec.natOutgoing", effect: xs.natOutgoing ? "permits" : "narrows", detail: xs.natOutgoing ? "SNAT to the node" : "no natOutgoing: replies from the internet cannot return" }, "reply");
        if (!xs.natOutgoing) return false;
      }
      return routeBack(ctx, f.last!, x, "", box);
    }
    default:
      return false;
  }
}
