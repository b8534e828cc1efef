/** Spec §12–§13: nodes, the required edges, exceptions, and the output document. */
import type { Model } from "@/lib/policy-graph/model";
import type { Edge, GraphNode, GraphOutput, PolicyInput, Warning } from "@/lib/policy-graph/types";

const byId = (a: GraphNode, b: GraphNode) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function graphNodes(model: Model): GraphNode[] {
  const out: GraphNode[] = [{ id: "platform", kind: "platform" }, { id: "external", kind: "external" }];
  for (const t of model.tenants) out.push({ id: `tenant:${t}`, kind: "tenant" });
  for (const v of model.vpcs.values()) {
    out.push({ id: `vpc:${v.name}`, kind: "vpc", ...(v.owner ? { tenant: v.owner } : {}) });
  }
  for (const s of model.subnets.values()) {
    if (!s.ovn) continue;
    out.push({ id: `subnet:${s.name}`, kind: "subnet", ...(s.owner?.startsWith("tenant:") ? { tenant: s.owner.slice(7) } : {}) });
  }
  return out.sort(byId);
}

/** Excepted edges keep their verdict and get `excepted: true` (directional, exact match). */
export function markExceptions(edges: Edge[], input: PolicyInput): Edge[] {
  const ex = new Set((input.exceptions ?? []).map((x) => `${x.from}>${x.to}`));
  if (ex.size === 0) return edges;
  return edges.map((e) => (e.verdict !== "deny" && ex.has(`${e.from}>${e.to}`) && (e.to === "platform" || e.to.startsWith("tenant:")) ? { ...e, excepted: true as const } : e));
}

export function assembleOutput(model: Model, nodes: GraphNode[], nonDeny: Edge[], edge: (from: string, to: string) => Edge, violations: Edge[], warnings: Warning[]): GraphOutput {
  const have = new Map(nonDeny.map((e) => [`${e.from}>${e.to}`, e]));
  const edges: Edge[] = [];
  const ids = model.tenants.map((t) => `tenant:${t}`);
  const targets = [...ids, "platform", "external"].sort();
  for (const from of ids) {
    for (const to of targets) {
      if (to === from) continue;
      edges.push(have.get(`${from}>${to}`) ?? edge(from, to));
    }
  }
  // platform→T and external→T are optional and never violations; the view can ask for them with edge().
  return { nodes, edges, violations, warnings };
}
