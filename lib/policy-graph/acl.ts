/** Spec §8.1–§8.2, §8.6: ACL stages, their subnet rules, and how a stage decides (tiers, priorities, ties). */
import { addrIn, type Box } from "@/lib/policy-graph/box";
import { evalExpr, inRanges, type Tri } from "@/lib/policy-graph/match";
import type { Endpoint, SubnetModel } from "@/lib/policy-graph/model";
import type { Ctx } from "@/lib/policy-graph/context";

export type Stage = "SRC_FROM" | "SRC_FROM_AFTER_LB" | "SRC_TO_EXIT" | "DST_FROM_ENTRY" | "DST_TO";

export interface Rule {
  tier: number;
  priority: number;
  action: "allow" | "drop" | "pass";
  /** true / false / unknown (resolved toward reachability). */
  test: (box: Box) => Tri;
  ref: string;
  path?: string;
}

/** The pair whose flows a rule judges. */
export interface Pair {
  x: Endpoint;
  y: Endpoint;
}

const RANK = { allow: 2, pass: 1, drop: 0 } as const;

/**
 * Tier 0→3; in a tier the highest-priority matching rule decides (allow/drop) or passes to the next tier.
 * Returns true when the stage lets the flow through.
 */
export function evalStage(ctx: Ctx, stage: Stage, rules: Rule[], box: Box): boolean {
  const sorted = rules.length > 1 ? [...rules].sort((a, b) => a.tier - b.tier || b.priority - a.priority) : rules;
  let i = 0;
  while (i < sorted.length) {
    const tier = sorted[i]!.tier;
    let best: Rule | undefined;
    for (; i < sorted.length && sorted[i]!.tier === tier; i++) {
      const r = sorted[i]!;
      if (best && r.priority < best.priority) continue;
      const v = r.test(box);
      const hit = v === undefined ? r.action !== "drop" : v;
      if (!hit) continue;
      if (!best) best = r;
      else if (r.action !== best.action) {
        ctx.warn({ code: "PriorityTie", ref: r.ref, path: r.path, detail: `${stage}: same tier and priority ${r.priority} as ${best.ref}${best.path ? ` ${best.path}` : ""} with another action; the permissive one is taken` });
        if (RANK[r.action] > RANK[best.action]) best = r;
      }
    }
    if (!best) continue;
    if (best.action === "allow") {
      ctx.reason({ ref: best.ref, path: best.path, effect: "permits" }, `${stage}: allowed`);
      return true;
    }
    if (best.action === "drop") {
      ctx.reason({ ref: best.ref, path: best.path, effect: "blocks" }, `${stage}: dropped`);
      return false;
    }
  }
  ctx.hop(`${stage}: no rule decides, allowed by default`);
  return true;
}

const inNet = (box: Box, dim: "s" | "d", s: SubnetModel) => !!s.net && addrIn(box, dim, s.net.lo, s.net.hi);

/** Subnet-level rules of one direction: spec.acls, allowEWTraffic and (to-lport) private/allowSubnets. */
export function subnetRules(ctx: Ctx, s: SubnetModel, direction: "from-lport" | "to-lport"): Rule[] {
  ctx.read(`subnet:${s.name}`);
  const ref = `Subnet/${s.name}`;
  const out: Rule[] = [];
  for (const a of s.acls) {
    if (a.direction !== direction) continue;
    out.push({ tier: 2, priority: a.priority, action: a.action, test: (b) => evalExpr(a.expr, b), ref, path: `spec.acls[${a.index}]` });
  }
  if (s.allowEW) out.push({ tier: 2, priority: 1900, action: "allow", test: (b) => inNet(b, "s", s) && inNet(b, "d", s), ref, path: "spec.allowEWTraffic" });
  if (direction === "to-lport" && s.private) {
    ctx.read("input");
    const join = ctx.model.joinNet;
    out.push({ tier: 2, priority: 1000, action: "drop", test: () => true, ref, path: "spec.private" });
    out.push({ tier: 2, priority: 1001, action: "allow", test: (b) => inNet(b, "s", s) && inNet(b, "d", s), ref, path: "spec.private" });
    for (const a of s.allowSubnets) {
      out.push({
        tier: 2, priority: 1001, action: "allow", ref, path: `spec.allowSubnets[${a.index}]`,
        test: (b) => (inNet(b, "s", s) && inRanges(b, "d", [a.net])) || (inRanges(b, "s", [a.net]) && inNet(b, "d", s)),
      });
    }
    out.push({ tier: 2, priority: 3000, action: "allow", test: (b) => addrIn(b, "s", join.lo, join.hi), ref, path: "spec.private" });
  }
  return out;
}
