/**
 * What the network view draws, from what network.graph sends: the nodes (tenants, platform, external, and for
 * tenant roles one "another tenant"), the edges that are not deny, and on request the deny edges (the
 * default, not sent: every required pair the view does not list). Pure, shared by the graph and the matrix.
 */
import type { Edge, Reason, Verdict } from "@/lib/policy-graph/types";

export const OTHER_TENANT = "another tenant";

export interface ViewLike {
  tenants: string[];
  edges: Edge[];
  violations: Edge[];
}

export type DrawNodeKind = "tenant" | "platform" | "external" | "other";
export interface DrawNode {
  id: string;
  kind: DrawNodeKind;
  label: string;
}

export interface DrawEdge {
  id: string;
  from: string;
  to: string;
  verdict: Verdict;
  violation: boolean;
  excepted: boolean;
  oneway: boolean;
  ports?: string[];
  reasons: Reason[];
}

export const edgeId = (from: string, to: string) => `${from}>${to}`;
export const nodeLabel = (id: string) => (id.startsWith("tenant:") ? id.slice("tenant:".length) : id);
const RANK: Record<Verdict, number> = { deny: 0, partial: 1, allow: 2 };

/** The nodes: every tenant in view, "another tenant" when an edge names one, then platform and external. */
export function drawNodes(view: ViewLike): DrawNode[] {
  const nodes: DrawNode[] = view.tenants.map((t) => ({ id: `tenant:${t}`, kind: "tenant", label: t }));
  if (view.edges.some((e) => e.from === OTHER_TENANT || e.to === OTHER_TENANT)) nodes.push({ id: OTHER_TENANT, kind: "other", label: OTHER_TENANT });
  nodes.push({ id: "platform", kind: "platform", label: "platform" }, { id: "external", kind: "external", label: "external" });
  return nodes;
}

/**
 * The edges to draw. Edges to or from "another tenant" (tenant roles) are one edge per own tenant and
 * direction: the most open verdict, every reason. With `withDeny`, every required pair that is not listed
 * (tenant → other tenant, platform, external) is added as deny.
 */
export function drawEdges(view: ViewLike, withDeny = false): DrawEdge[] {
  const violating = new Set(view.violations.map((v) => edgeId(v.from, v.to)));
  const out = new Map<string, DrawEdge>();
  for (const e of view.edges) {
    const id = edgeId(e.from, e.to);
    // Tenant roles get violations to "another tenant" under that id too (the server names no one).
    const violation = violating.has(id) && !e.excepted;
    const prev = out.get(id);
    if (!prev) {
      out.set(id, { id, from: e.from, to: e.to, verdict: e.verdict, violation, excepted: !!e.excepted, oneway: !!e.oneway, ports: e.ports, reasons: e.reasons });
      continue;
    }
    // A merged "another tenant" edge: the most open verdict, all ports (none = all), every reason once.
    prev.verdict = RANK[e.verdict] > RANK[prev.verdict] ? e.verdict : prev.verdict;
    prev.violation ||= violation;
    prev.excepted &&= !!e.excepted;
    prev.oneway ||= !!e.oneway;
    prev.ports = prev.ports && e.ports ? [...new Set([...prev.ports, ...e.ports])].sort() : undefined;
    const seen = new Set(prev.reasons.map((r) => JSON.stringify(r)));
    for (const r of e.reasons) if (!seen.has(JSON.stringify(r))) prev.reasons.push(r);
  }
  if (withDeny) {
    const nodes = drawNodes(view);
    const sources = nodes.filter((n) => n.kind === "tenant");
    for (const s of sources) {
      for (const t of nodes) {
        if (t.id === s.id) continue;
        const id = edgeId(s.id, t.id);
        if (!out.has(id)) out.set(id, { id, from: s.id, to: t.id, verdict: "deny", violation: false, excepted: false, oneway: false, reasons: [] });
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Above this many tenants the view starts with the matrix: a drawn graph stops being readable long before. */
export const GRAPH_LIMIT = 40;

export interface MatrixIndex {
  rows: DrawNode[];
  cols: DrawNode[];
  /** Cells that are not deny, by "row,col". */
  cells: Map<string, DrawEdge>;
}

/**
 * The matrix: one row per tenant (the sources), one column per tenant plus platform and external, narrowed
 * to the tenants whose name contains `search` (platform and external always stay); only non-deny cells are kept.
 */
export function matrixIndex(nodes: DrawNode[], edges: DrawEdge[], search = ""): MatrixIndex {
  const q = search.trim().toLowerCase();
  const match = (n: DrawNode) => !q || n.label.toLowerCase().includes(q);
  const rows = nodes.filter((n) => (n.kind === "tenant" || n.kind === "other") && match(n));
  const cols = nodes.filter((n) => ((n.kind === "tenant" || n.kind === "other") && match(n)) || n.kind === "platform" || n.kind === "external");
  const r = new Map(rows.map((n, i) => [n.id, i]));
  const c = new Map(cols.map((n, i) => [n.id, i]));
  const cells = new Map<string, DrawEdge>();
  for (const e of edges) {
    if (e.verdict === "deny") continue;
    const i = r.get(e.from);
    const j = c.get(e.to);
    if (i !== undefined && j !== undefined) cells.set(`${i},${j}`, e);
  }
  return { rows, cols, cells };
}
