"use client";

// Loaded only when a trend is on screen (next/dynamic in trend-chart.tsx): uPlot and its stylesheet stay out of
// the first load of every other page.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ColourToken = "accent" | "ok" | "warn" | "alarm" | "fg-muted" | "fg";
export interface CanvasSeries {
  label: string;
  colour: ColourToken;
  dashed?: boolean;
}

/** The colour of a theme token now (app/globals.css holds "r g b" triplets for light and dark). */
const tokenColour = (name: string, alpha = 1) => {
  const v = getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
  return v ? `rgb(${v} / ${alpha})` : `rgba(128, 128, 128, ${alpha})`;
};

function options(series: CanvasSeries[], width: number, height: number, format: (v: number) => string): uPlot.Options {
  const axis = (): uPlot.Axis => ({ stroke: tokenColour("fg-muted"), grid: { stroke: tokenColour("border"), width: 1 }, ticks: { stroke: tokenColour("border"), width: 1 } });
  return {
    width, height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), max && max > 0 ? max * 1.1 : 1] } },
    axes: [axis(), { ...axis(), size: 56, values: (_u, splits) => splits.map((v) => format(v)) }],
    series: [{}, ...series.map((s): uPlot.Series => ({ label: s.label, stroke: tokenColour(s.colour), width: 1.5, dash: s.dashed ? [6, 4] : undefined, spanGaps: false, points: { show: false } }))],
  };
}

/** The canvas of one trend chart; redrawn when the theme (the `dark` class) or the width changes. */
export default function UplotCanvas({ t, values, series, height, format }: { t: number[]; values: (number | null)[][]; series: CanvasSeries[]; height: number; format: (v: number) => string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = useRef<uPlot.AlignedData>([[]]);
  data.current = [t.map((x) => x / 1000), ...values] as uPlot.AlignedData;

  // (Re)build on series or theme changes; data changes go through setData below.
  const key = series.map((s) => `${s.label}:${s.colour}:${s.dashed ? 1 : 0}`).join("|");
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const build = () => {
      plot.current?.destroy();
      plot.current = new uPlot(options(series, Math.max(200, el.clientWidth), height, format), data.current, el);
    };
    build();
    const theme = new MutationObserver(build);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    const size = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    size.observe(el);
    return () => {
      theme.disconnect();
      size.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // series and format are described by key: a new array of the same series does not rebuild the chart.
  }, [key, height]);

  useEffect(() => {
    plot.current?.setData(data.current);
  }, [t, values]);

  return <div ref={box} aria-hidden="true" className="w-full" />;
}
