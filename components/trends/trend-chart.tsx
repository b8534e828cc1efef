"use client";

import dynamic from "next/dynamic";
import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import type { CanvasSeries } from "@/components/trends/uplot-canvas";
import { Skeleton } from "@/components/ui/skeleton";
import { summarize } from "@/lib/trends/series";

const HEIGHT = 140;
const UplotCanvas = dynamic(() => import("@/components/trends/uplot-canvas"), { ssr: false, loading: () => <Skeleton className="h-[140px]" /> });

export interface ChartSeries extends CanvasSeries {
  id: string;
}

const SWATCH: Record<CanvasSeries["colour"], string> = { accent: "border-accent", ok: "border-ok", warn: "border-warn", alarm: "border-alarm", "fg-muted": "border-fg-muted", fg: "border-fg" };

/**
 * One trend chart: a uPlot canvas (hidden from screen readers) with a legend, and for screen readers a table of
 * each series' latest, lowest and highest value over the period.
 */
export function TrendChart({ title, unit, t, data, series }: { title: string; unit?: string; t: number[]; data: Record<string, (number | null)[]>; series: ChartSeries[] }) {
  const tr = useTranslations("trends");
  const format = useFormatter();
  const id = useId();
  const n = (v: number | undefined) => (v === undefined ? tr("none") : format.number(v, { maximumFractionDigits: 2 }));
  const shown = series.filter((s) => data[s.id]?.some((v) => v !== null));
  const values = shown.map((s) => data[s.id]!);
  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0" data-testid="trend-chart">
      <figcaption id={`${id}-title`} className="mb-1 text-sm font-medium">
        {title}{unit && unit !== title ? <span className="text-fg-muted"> ({unit})</span> : null}
      </figcaption>
      {shown.length === 0 || t.length === 0 ? (
        <p className="flex h-[140px] items-center justify-center rounded-md bg-surface-sunken text-sm text-fg-muted">{tr("noData")}</p>
      ) : (
        <UplotCanvas t={t} values={values} series={shown} height={HEIGHT} format={(v) => format.number(v, { notation: "compact", maximumFractionDigits: 1 })} />
      )}
      <ul className="mt-1 flex flex-wrap gap-x-3 text-xs text-fg-muted" aria-hidden="true">
        {shown.map((s) => <li key={s.id} className="flex items-center gap-1"><span className={`inline-block w-4 border-t-2 ${SWATCH[s.colour]} ${s.dashed ? "border-dashed" : ""}`} />{s.label}</li>)}
      </ul>
      <table className="sr-only">
        <caption>{tr("summaryCaption", { title })}</caption>
        <thead><tr><th scope="col">{tr("series")}</th><th scope="col">{tr("latest")}</th><th scope="col">{tr("min")}</th><th scope="col">{tr("max")}</th></tr></thead>
        <tbody>
          {series.map((s) => {
            const sum = summarize(data[s.id] ?? []);
            return <tr key={s.id}><th scope="row">{s.label}</th><td>{n(sum.latest)}</td><td>{n(sum.min)}</td><td>{n(sum.max)}</td></tr>;
          })}
        </tbody>
      </table>
    </figure>
  );
}
