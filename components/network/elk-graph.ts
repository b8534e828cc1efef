/** The ELK graph of a drawing and the positions ELK gives back: shared by the page and the layout worker. */
import type { ElkNode } from "elkjs/lib/elk-api";

export interface LayoutInput {
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; from: string; to: string }[];
}
export type Positions = Record<string, { x: number; y: number }>;

export function elkGraph(input: LayoutInput): ElkNode {
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": "28",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.edgeRouting": "SPLINES",
    },
    children: input.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: input.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
}

export const positionsOf = (root: ElkNode): Positions => Object.fromEntries((root.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
