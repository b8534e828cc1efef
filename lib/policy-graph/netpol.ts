/** Spec §8.5: Kubernetes NetworkPolicies as Kube-OVN enforces them (2000 default drop, 2001 allows). */
import { ICMP, PORTED, SCTP, TCP, UDP, addrIn, portIn, protoIn, type Box } from "@/lib/policy-graph/box";
import { parseNet } from "@/lib/policy-graph/ip";
import type { Endpoint, NetworkPolicyModel } from "@/lib/policy-graph/model";
import { isEmptySelector, selects, type NetworkPolicyPeer, type NetworkPolicyPort } from "@/lib/policy-graph/objects";
import type { Rule } from "@/lib/policy-graph/acl";
import type { Ctx } from "@/lib/policy-graph/context";

const PROTO: Record<string, number> = { TCP, UDP, SCTP };

/** Does the policy select this endpoint? Implicit endpoints only through an empty podSelector. */
export function policySelects(np: NetworkPolicyModel, ep: Endpoint): boolean {
  if (ep.namespace !== np.namespace) return false;
  return ep.implicit ? isEmptySelector(np.spec.podSelector) : selects(np.spec.podSelector, ep.labels);
}

/**
 * Spec §8.5, as written: a direction applies when `policyTypes` names it or its rules are set. Objects read from
 * an API server always carry `policyTypes` (it defaults them), so this matters only for files.
 */
function applies(np: NetworkPolicyModel, dir: "Ingress" | "Egress"): boolean {
  return (np.spec.policyTypes ?? []).includes(dir) || (dir === "Ingress" ? np.spec.ingress !== undefined : np.spec.egress !== undefined);
}

function peerMatches(ctx: Ctx, np: NetworkPolicyModel, peer: NetworkPolicyPeer, remote: Endpoint, dim: "s" | "d", box: Box): boolean {
  if (peer.ipBlock) {
    const net = parseNet(peer.ipBlock.cidr);
    if (!net || !addrIn(box, dim, net.lo, net.hi)) return false;
    for (const ex of peer.ipBlock.except ?? []) {
      const e = parseNet(ex);
      if (e && addrIn(box, dim, e.lo, e.hi)) return false;
    }
    return true;
  }
  if (!remote.namespace || !remote.subnet) return false;
  if (peer.namespaceSelector) {
    ctx.read(`ns:${remote.namespace}`);
    if (!selects(peer.namespaceSelector, ctx.model.namespaceLabels.get(remote.namespace) ?? {})) return false;
  } else if (remote.namespace !== np.namespace) return false;
  if (remote.implicit) return isEmptySelector(peer.podSelector);
  return selects(peer.podSelector, remote.labels);
}

function portsMatch(ports: NetworkPolicyPort[] | undefined, box: Box): boolean {
  if (!ports || ports.length === 0) return true;
  for (const p of ports) {
    const mask = PROTO[(p.protocol ?? "TCP").toUpperCase()] ?? 0;
    if (!protoIn(box, mask)) continue;
    if (p.port === undefined || (typeof p.port === "string" && !/^\d+$/.test(p.port))) return true;
    const lo = Number(p.port);
    if (portIn(box, lo, p.endPort ?? lo)) return true;
  }
  return false;
}

/** Rules of every policy in ep's namespace that selects ep, for one direction; `remote` is the other end. */
export function networkPolicyRules(ctx: Ctx, ep: Endpoint, remote: Endpoint, dir: "Ingress" | "Egress"): Rule[] {
  if (!ep.namespace || !ep.subnet) return [];
  ctx.read(`np:${ep.namespace}`);
  const out: Rule[] = [];
  const dim = dir === "Ingress" ? "s" : "d";
  for (const np of ctx.model.policies.get(ep.namespace) ?? []) {
    if (!applies(np, dir) || !policySelects(np, ep)) continue;
    const ref = `NetworkPolicy/${np.namespace}/${np.name}`;
    const mask = np.lax ? PORTED : PORTED | ICMP | 16;
    out.push({ tier: 2, priority: 2000, action: "drop", test: (b) => protoIn(b, mask), ref });
    const rules = dir === "Ingress" ? (np.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (np.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
    rules.forEach((r, i) => {
      out.push({
        tier: 2, priority: 2001, action: "allow", ref, path: `spec.${dir === "Ingress" ? "ingress" : "egress"}[${i}]`,
        test: (b) => (!r.peers || r.peers.length === 0 || r.peers.some((p) => peerMatches(ctx, np, p, remote, dim, b))) && portsMatch(r.ports, b),
      });
    });
  }
  return out;
}
