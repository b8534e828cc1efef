"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useDark } from "@/components/network/use-dark";
import { Input } from "@/components/ui/input";
import { matrixIndex, type DrawEdge, type DrawNode } from "@/lib/network/drawing";

const CELL = 14;
const HEAD = 120;

const rgb = (name: string, alpha = 1) => {
  const v = getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim() || "128 128 128";
  return `rgb(${v} / ${alpha})`;
};

/**
 * Tenant × tenant (plus platform and external) on one canvas: only the visible window is painted, so 2,000
 * tenants stay smooth. Red = allow, amber = partial, blank = deny; a violation has a ring, an excepted cell a
 * stripe. Search narrows rows and columns to matching tenants. Arrow keys move a cursor (announced), Enter
 * selects; the same data is in the paths table for assistive technology.
 */
export default function MatrixCanvas({ nodes, edges, selected, onSelect }: {
  nodes: DrawNode[]; edges: DrawEdge[]; selected?: string; onSelect: (edge: { id: string; from: string; to: string }) => void;
}) {
  const t = useTranslations("network.matrix");
  const dark = useDark();
  const [search, setSearch] = useState("");
  const m = useMemo(() => matrixIndex(nodes, edges, search), [nodes, edges, search]);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState({ left: 0, top: 0, width: 800, height: 480 });
  const [cursor, setCursor] = useState<[number, number]>([0, 0]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el) setView({ left: el.scrollLeft, top: el.scrollTop, width: el.clientWidth, height: el.clientHeight });
  }, []);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onScroll]);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = view.width * dpr;
    c.height = view.height * dpr;
    const g = c.getContext("2d");
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, view.width, view.height);
    const [r0, c0] = [Math.floor(view.top / CELL), Math.floor(view.left / CELL)];
    const [r1, c1] = [Math.min(m.rows.length, r0 + Math.ceil((view.height - HEAD) / CELL) + 1), Math.min(m.cols.length, c0 + Math.ceil((view.width - HEAD) / CELL) + 1)];
    const x = (j: number) => HEAD + (j - c0) * CELL;
    const y = (i: number) => HEAD + (i - r0) * CELL;
    // Grid, then the cells that are not deny (the list is sparse: walk it, never the whole square).
    g.strokeStyle = rgb("border");
    g.lineWidth = 1;
    g.beginPath();
    for (let i = r0; i <= r1; i++) { g.moveTo(HEAD, y(i) + 0.5); g.lineTo(x(c1), y(i) + 0.5); }
    for (let j = c0; j <= c1; j++) { g.moveTo(x(j) + 0.5, HEAD); g.lineTo(x(j) + 0.5, y(r1)); }
    g.stroke();
    for (let i = r0; i < r1; i++) {
      const j = m.cols.findIndex((n) => n.id === m.rows[i]!.id);
      if (j >= c0 && j < c1) { g.fillStyle = rgb("surface-sunken"); g.fillRect(x(j) + 1, y(i) + 1, CELL - 1, CELL - 1); }
    }
    for (const [key, e] of m.cells) {
      const [i, j] = key.split(",").map(Number) as [number, number];
      if (i < r0 || i >= r1 || j < c0 || j >= c1) continue;
      g.fillStyle = rgb(e.verdict === "allow" ? "alarm" : "warn", e.excepted ? 0.35 : 0.9);
      g.fillRect(x(j) + 1, y(i) + 1, CELL - 1, CELL - 1);
      if (e.excepted) {
        g.strokeStyle = rgb("fg", 0.6);
        g.beginPath(); g.moveTo(x(j) + 2, y(i) + CELL - 1); g.lineTo(x(j) + CELL - 1, y(i) + 2); g.stroke();
      }
      if (e.violation) {
        g.strokeStyle = rgb("fg");
        g.lineWidth = 2;
        g.strokeRect(x(j) + 2, y(i) + 2, CELL - 3, CELL - 3);
        g.lineWidth = 1;
      }
      if (e.id === selected) { g.strokeStyle = rgb("accent"); g.lineWidth = 2; g.strokeRect(x(j), y(i), CELL + 1, CELL + 1); g.lineWidth = 1; }
    }
    // The cursor, then the headers over a plain background.
    const [ci, cj] = cursor;
    if (ci >= r0 && ci < r1 && cj >= c0 && cj < c1) { g.strokeStyle = rgb("accent"); g.setLineDash([3, 2]); g.strokeRect(x(cj) - 0.5, y(ci) - 0.5, CELL + 2, CELL + 2); g.setLineDash([]); }
    g.fillStyle = rgb("surface-raised");
    g.fillRect(0, 0, view.width, HEAD);
    g.fillRect(0, 0, HEAD, view.height);
    g.fillStyle = rgb("fg");
    g.font = "11px ui-sans-serif, system-ui, sans-serif";
    g.textBaseline = "middle";
    for (let i = r0; i < r1; i++) g.fillText(clip(m.rows[i]!.label), 4, y(i) + CELL / 2, HEAD - 8);
    for (let j = c0; j < c1; j++) {
      g.save(); g.translate(x(j) + CELL / 2, HEAD - 4); g.rotate(-Math.PI / 2); g.fillText(clip(m.cols[j]!.label), 0, 0, HEAD - 8); g.restore();
    }
  }, [m, view, selected, cursor, dark]);

  const at = (i: number, j: number) => {
    const row = m.rows[i];
    const col = m.cols[j];
    if (!row || !col || row.id === col.id) return undefined;
    return m.cells.get(`${i},${j}`) ?? { id: `${row.id}>${col.id}`, from: row.id, to: col.id, verdict: "deny" as const };
  };
  const pick = (i: number, j: number) => {
    const e = at(i, j);
    if (e) onSelect(e);
  };
  const onClick = (ev: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = ev.currentTarget.getBoundingClientRect();
    const [px, py] = [ev.clientX - rect.left, ev.clientY - rect.top];
    if (px < HEAD || py < HEAD) return;
    const [i, j] = [Math.floor((py - HEAD + view.top) / CELL), Math.floor((px - HEAD + view.left) / CELL)];
    setCursor([i, j]);
    pick(i, j);
  };
  const onKey = (ev: React.KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const d = moves[ev.key];
    if (d) {
      ev.preventDefault();
      const next: [number, number] = [Math.max(0, Math.min(m.rows.length - 1, cursor[0] + d[0])), Math.max(0, Math.min(m.cols.length - 1, cursor[1] + d[1]))];
      setCursor(next);
      // Keep the cursor in view.
      const el = scroller.current;
      if (el) {
        const [top, left] = [next[0] * CELL, next[1] * CELL];
        if (top < el.scrollTop) el.scrollTop = top;
        if (top + CELL > el.scrollTop + el.clientHeight - HEAD) el.scrollTop = top + CELL - el.clientHeight + HEAD;
        if (left < el.scrollLeft) el.scrollLeft = left;
        if (left + CELL > el.scrollLeft + el.clientWidth - HEAD) el.scrollLeft = left + CELL - el.clientWidth + HEAD;
      }
    } else if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      pick(cursor[0], cursor[1]);
    }
  };
  const current = at(cursor[0], cursor[1]);

  return (
    <div className="flex h-full flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm">
          <span>{t("search")}</span>
          <Input type="search" className="w-56" value={search} onChange={(e) => { setSearch(e.target.value); setCursor([0, 0]); }} placeholder={t("searchPlaceholder")} />
        </label>
        <span className="text-xs text-fg-muted" aria-live="polite">{t("size", { rows: m.rows.length, cols: m.cols.length })}</span>
        <span className="flex items-center gap-3 text-xs text-fg-muted" aria-hidden>
          <span className="inline-flex items-center gap-1"><span className="inline-block h-3 w-3 bg-alarm" />{t("legendAllow")}</span>
          <span className="inline-flex items-center gap-1"><span className="inline-block h-3 w-3 bg-warn" />{t("legendPartial")}</span>
          <span className="inline-flex items-center gap-1"><span className="inline-block h-3 w-3 border-2 border-fg" />{t("legendViolation")}</span>
          <span className="inline-flex items-center gap-1"><span className="inline-block h-3 w-3 bg-alarm/35" />{t("legendExcepted")}</span>
        </span>
      </div>
      <div ref={scroller} onScroll={onScroll} className="relative min-h-0 flex-1 overflow-auto rounded-md border border-border">
        <canvas ref={canvas} role="img" tabIndex={0} aria-label={t("canvasLabel")} aria-describedby="matrix-cursor"
          onClick={onClick} onKeyDown={onKey}
          className="sticky left-0 top-0 block cursor-pointer focus:outline focus:outline-2 focus:outline-accent"
          style={{ width: view.width, height: view.height }} />
        {/* The full size of the matrix, so the scroll bars move the window the canvas paints. */}
        <div aria-hidden style={{ width: HEAD + m.cols.length * CELL, height: HEAD + m.rows.length * CELL, marginTop: -view.height }} />
      </div>
      <p id="matrix-cursor" className="sr-only" aria-live="polite">
        {current ? t("cursor", { from: current.from, to: current.to, verdict: current.verdict }) : ""}
      </p>
    </div>
  );
}

const clip = (s: string) => (s.length > 18 ? `${s.slice(0, 17)}…` : s);
