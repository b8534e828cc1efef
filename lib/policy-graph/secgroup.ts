/** Spec §8.3: SecurityGroup rules, same-group allows and the deny-all of bound ports (v1.16 formulas). */
import { PORTED, TCP, UDP, ICMP, addrIn, portIn, protoIn, type Box } from "@/lib/policy-graph/box";
import type { Tri } from "@/lib/policy-graph/match";
import { parseNet } from "@/lib/policy-graph/ip";
import type { Endpoint } from "@/lib/policy-graph/model";
import type { SgRule } from "@/lib/policy-graph/objects";
import type { Rule } from "@/lib/policy-graph/acl";
import type { Ctx } from "@/lib/policy-graph/context";

const PROTO: Record<string, number> = { tcp: TCP, udp: UDP, icmp: ICMP };

function ruleTest(r: SgRule, remote: Endpoint, remoteDim: "s" | "d"): (box: Box) => Tri {
  const mask = PROTO[(r.protocol ?? "all").toLowerCase()];
  const net = r.remoteType === "securityGroup" ? undefined : r.remoteAddress ? parseNet(r.remoteAddress) : { lo: 0, hi: 0xffffffff };
  const bySg = r.remoteType === "securityGroup";
  // A local address or a source port range narrows on what the engine does not model: "may match".
  const mayOnly = !!r.localAddress || r.sourcePortRangeMin !== undefined || r.sourcePortRangeMax !== undefined;
  return (box) => {
    if (bySg ? !remote.securityGroups.includes(r.remoteSecurityGroup ?? "") : !net || !addrIn(box, remoteDim, net.lo, net.hi)) return false;
    if (mask !== undefined) {
      if (!protoIn(box, mask)) return false;
      if (mask & PORTED && !portIn(box, r.portRangeMin ?? 1, r.portRangeMax ?? 65535)) return false;
    }
    return mayOnly ? undefined : true;
  };
}

/** Rules of the endpoint's groups for one direction; `remote` is the flow's other endpoint. */
export function securityGroupRules(ctx: Ctx, ep: Endpoint, remote: Endpoint, direction: "ingress" | "egress"): Rule[] {
  if (ep.securityGroups.length === 0) return [];
  const out: Rule[] = [];
  const remoteDim = direction === "ingress" ? "s" : "d";
  for (const name of ep.securityGroups) {
    ctx.read(`sg:${name}`);
    const sg = ctx.model.securityGroups.get(name);
    if (!sg) continue;
    const tier = 2 + (sg.spec.tier ?? 0);
    const rules = direction === "ingress" ? sg.spec.ingressRules : sg.spec.egressRules;
    (rules ?? []).forEach((r, i) => {
      if ((r.ipVersion ?? "ipv4") === "ipv6") return;
      const action = r.policy === "deny" || r.policy === "drop" ? "drop" : r.policy === "pass" ? "pass" : "allow";
      out.push({ tier, priority: 18484 - (r.priority ?? 1), action, test: ruleTest(r, remote, remoteDim), ref: `SecurityGroup/${name}`, path: `spec.${direction}Rules[${i}]` });
    });
    if (sg.spec.allowSameGroupTraffic) {
      out.push({ tier, priority: 2004, action: "allow", test: () => remote.securityGroups.includes(name), ref: `SecurityGroup/${name}` });
    }
  }
  const first = `SecurityGroup/${ep.securityGroups[0]}`;
  out.push({ tier: 2, priority: 2003, action: "drop", test: () => true, ref: first });
  out.push({ tier: 3, priority: 2003, action: "drop", test: () => true, ref: first });
  return out;
}
