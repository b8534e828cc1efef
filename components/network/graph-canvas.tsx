"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge as FlowEdge, type Node as FlowNode } from "@xyflow/react";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { layout, type Positions } from "@/components/network/elk-layout";
import { useDark } from "@/components/network/use-dark";
import type { DrawEdge, DrawNode } from "@/lib/network/drawing";

const SIZE: Record<DrawNode["kind"], { width: number; height: number }> = {
  tenant: { width: 160, height: 40 }, other: { width: 160, height: 40 }, platform: { width: 140, height: 48 }, external: { width: 140, height: 48 },
};
const NODE_CLASS: Record<DrawNode["kind"], string> = {
  tenant: "border-border bg-surface-raised", other: "border-dashed border-border bg-surface-sunken italic",
  platform: "border-accent bg-accent/10 font-semibold", external: "border-fg-muted bg-surface-sunken font-semibold",
};
const COLOR = { allow: "rgb(var(--alarm))", partial: "rgb(var(--warn))", deny: "rgb(var(--fg-muted) / 0.35)" };

/**
 * The graph of who reaches whom: tenants, the platform and the outside laid out by ELK; allow edges red,
 * partial amber, deny (when shown) faint; a violation is drawn thick and moving, an excepted edge dashed. A
 * click (or Enter on a focused edge) selects the edge.
 */
export default function GraphCanvas({ nodes, edges, selected, onSelect }: {
  nodes: DrawNode[]; edges: DrawEdge[]; selected?: string; onSelect: (edgeId: string) => void;
}) {
  const t = useTranslations("network.graph");
  const dark = useDark();
  const [positions, setPositions] = useState<Positions>();
  const shape = useMemo(() => JSON.stringify([nodes.map((n) => n.id), edges.map((e) => e.id)]), [nodes, edges]);
  useEffect(() => {
    let live = true;
    void layout({ nodes: nodes.map((n) => ({ id: n.id, ...SIZE[n.kind] })), edges: edges.map((e) => ({ id: e.id, from: e.from, to: e.to })) })
      .then((p) => live && setPositions(p));
    return () => {
      live = false;
    };
    // Laid out again only when the set of nodes or edges changes, not on every push of the same shape.
  }, [shape]);

  const flowNodes = useMemo<FlowNode[]>(() => nodes.map((n) => ({
    id: n.id, position: positions?.[n.id] ?? { x: 0, y: 0 }, data: { label: n.label }, ...SIZE[n.kind],
    sourcePosition: Position.Right, targetPosition: Position.Left, connectable: false, draggable: true,
    ariaLabel: t("nodeLabel", { kind: n.kind, name: n.label }),
    className: `rounded-md border px-2 py-2 text-center text-sm text-fg ${NODE_CLASS[n.kind]}`,
    style: { width: SIZE[n.kind].width, height: SIZE[n.kind].height },
    // Every push makes new node objects. A node without `measured` makes React Flow forget where its handles are
    // and wait for a new measurement before it draws the node's edges again; under load that measurement could be
    // missed and every edge of the drawing stayed away. The size is fixed and known, so it is given.
    measured: SIZE[n.kind],
  })), [nodes, positions, t]);

  const flowEdges = useMemo<FlowEdge[]>(() => edges.map((e) => {
    const color = COLOR[e.verdict];
    return {
      id: e.id, source: e.from, target: e.to, selected: e.id === selected, focusable: true,
      ariaLabel: t("edgeLabel", { from: e.from, to: e.to, verdict: e.verdict, violation: String(e.violation), excepted: String(e.excepted) }),
      animated: e.violation, markerEnd: { type: MarkerType.ArrowClosed, color },
      style: { stroke: color, strokeWidth: e.violation ? 3 : e.id === selected ? 3 : 1.5, strokeDasharray: e.excepted ? "6 4" : undefined },
      label: e.violation ? t("violationMark") : e.excepted ? t("exceptedMark") : undefined,
      labelStyle: { fill: color, fontSize: 11, fontWeight: 600 }, labelBgStyle: { fill: "rgb(var(--surface-raised))" },
      data: { verdict: e.verdict },
    };
  }), [edges, selected, t]);

  if (!positions) return <div role="status" className="flex h-full items-center justify-center text-sm text-fg-muted">{t("layingOut")}</div>;
  return (
    <ReactFlow nodes={flowNodes} edges={flowEdges} fitView minZoom={0.1} nodesConnectable={false} elementsSelectable edgesFocusable
      colorMode={dark ? "dark" : "light"} proOptions={{ hideAttribution: false }}
      onEdgeClick={(_e, edge) => onSelect(edge.id)}
      onEdgesChange={(changes) => {
        // Keyboard selection (Enter or Space on a focused edge) arrives as a change; the selection itself is ours.
        const picked = changes.find((c) => c.type === "select" && c.selected);
        if (picked && "id" in picked && picked.id !== selected) onSelect(picked.id);
      }}
      aria-label={t("canvasLabel")}>
      <Background />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
