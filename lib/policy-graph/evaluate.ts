/** One atom end to end (forward path §7, ACL stages §8, reply §9), and all atoms of an endpoint pair. */
import { fullBox, forEachAtom, type Box } from "@/lib/policy-graph/box";
import { evalStage, subnetRules, type Rule, type Stage } from "@/lib/policy-graph/acl";
import type { Ctx } from "@/lib/policy-graph/context";
import { forward, type Forward } from "@/lib/policy-graph/forward";
import type { Endpoint, SubnetModel } from "@/lib/policy-graph/model";
import { networkPolicyRules } from "@/lib/policy-graph/netpol";
import { replyComesBack } from "@/lib/policy-graph/reply";
import { securityGroupRules } from "@/lib/policy-graph/secgroup";
import type { FlowResult, Reason } from "@/lib/policy-graph/types";

export interface Atom {
  box: Box;
  result: FlowResult;
  reasons: Reason[];
  hops?: import("@/lib/policy-graph/context").Hop[];
}

/** The rules of each stage for one pair, built on first use. */
class PairRules {
  private cache = new Map<string, Rule[]>();
  constructor(private ctx: Ctx, private x: Endpoint, private y: Endpoint) {}

  get(stage: Stage | "GW_FROM" | "GW_TO", gw?: SubnetModel): Rule[] {
    const key = gw ? `${stage}:${gw.name}` : stage;
    let r = this.cache.get(key);
    if (r) return r;
    const { ctx, x, y } = this;
    switch (stage) {
      case "SRC_FROM": r = [...subnetRules(ctx, x.subnet!, "from-lport"), ...securityGroupRules(ctx, x, y, "egress")]; break;
      case "SRC_FROM_AFTER_LB": r = networkPolicyRules(ctx, x, y, "Egress"); break;
      case "SRC_TO_EXIT": r = subnetRules(ctx, x.subnet!, "to-lport"); break;
      case "DST_FROM_ENTRY": r = subnetRules(ctx, y.subnet!, "from-lport"); break;
      case "DST_TO": r = [...subnetRules(ctx, y.subnet!, "to-lport"), ...securityGroupRules(ctx, y, x, "ingress"), ...networkPolicyRules(ctx, y, x, "Ingress")]; break;
      case "GW_FROM": r = subnetRules(ctx, gw!, "from-lport"); break;
      case "GW_TO": r = subnetRules(ctx, gw!, "to-lport"); break;
    }
    this.cache.set(key, r);
    return r;
  }
}

function stagesOf(f: Forward, y: Endpoint): (Stage | ["GW_FROM" | "GW_TO", string])[] {
  switch (f.kind) {
    case "switched": return ["SRC_FROM", "SRC_FROM_AFTER_LB", "DST_TO"];
    case "l2":
    case "routed": return ["SRC_FROM", "SRC_FROM_AFTER_LB", "SRC_TO_EXIT", "DST_FROM_ENTRY", "DST_TO"];
    case "network": {
      const out: (Stage | ["GW_FROM" | "GW_TO", string])[] = ["SRC_FROM", "SRC_FROM_AFTER_LB", "SRC_TO_EXIT"];
      if (f.nat?.subnet) out.push(["GW_FROM", f.nat.subnet], ["GW_TO", f.nat.subnet]);
      if (y.subnet) out.push("DST_FROM_ENTRY", "DST_TO");
      return out;
    }
    default: return [];
  }
}

function evalAtom(ctx: Ctx, rules: PairRules, x: Endpoint, y: Endpoint, box: Box): FlowResult {
  ctx.reset();
  const f = forward(ctx, x, y, box);
  let result: FlowResult = "blocked";
  if (f.kind !== "blocked" && f.kind !== "target") {
    let open = true;
    for (const st of stagesOf(f, y)) {
      const ok = typeof st === "string"
        ? evalStage(ctx, st, rules.get(st), box)
        : evalStage(ctx, st[0] === "GW_FROM" ? "DST_FROM_ENTRY" : "DST_TO", rules.get(st[0], ctx.model.subnets.get(st[1])), box);
      if (!ok) {
        open = false;
        break;
      }
    }
    if (open) {
      if (f.kind !== "switched" && f.kind !== "l2") {
        ctx.reason({ ref: `Subnet/${x.subnet!.name}`, effect: "permits" });
        if (y.subnet) ctx.reason({ ref: `Subnet/${y.subnet.name}`, effect: "permits" });
      }
      result = replyComesBack(ctx, x, y, f, box) ? "connection" : "oneway";
    }
  }
  if (!x.implicit && x.ref) ctx.reason({ ref: x.ref, effect: result === "blocked" ? "blocks" : "permits" });
  ctx.hop(`result: ${result}`);
  return result;
}

/** Every atom of x→y, optionally restricted to a sub-box (trace). */
export function evaluatePair(ctx: Ctx, x: Endpoint, y: Endpoint, within?: Partial<Box>): Atom[] {
  const rules = new PairRules(ctx, x, y);
  const start = { ...fullBox(x.lo, x.hi, y.lo, y.hi), ...within };
  if (start.sLo > start.sHi || start.dLo > start.dHi) return [];
  const out: Atom[] = [];
  forEachAtom(start, (box) => evalAtom(ctx, rules, x, y, box), (box, result) => {
    // The external endpoint is a set of ranges: atoms outside it are not its flows.
    if (y.ranges.length > 1 && !y.ranges.some((r) => r.lo <= box.dHi && box.dLo <= r.hi)) return;
    out.push({ box, result, reasons: ctx.reasons, ...(ctx.tracing ? { hops: ctx.hops } : {}) });
  });
  return out;
}
