"use client";

import { scaleSymlog } from "d3-scale";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { formatSeconds } from "@/lib/certificates/format";
import type { CertificateState, ClassifiedCertificate, ExpiryThresholds } from "@/lib/certificates/inventory";
import { cn } from "@/lib/utils";

const W = 760;
const LABEL_W = 150;
const LANE_H = 30;
const AXIS_H = 28;
const TICKS = [-86_400, -3_600, 0, 60, 3_600, 86_400, 7 * 86_400, 30 * 86_400, 365 * 86_400, 3650 * 86_400];
const FILL: Record<CertificateState, string> = { ok: "fill-ok", warning: "fill-warn", critical: "fill-alarm", expired: "fill-alarm" };

/**
 * The fleet's certificates on one time axis (time left until each ends), a lane per tenant, lanes with the
 * soonest end first. The axis is symmetric-logarithmic (d3-scale's symlog): a leaf that ends in minutes and a CA
 * that ends in ten years both stay readable, and the warning and critical thresholds are marked on it. React
 * draws the SVG, so every mark is an element with an accessible name and the theme's tokens colour it.
 */
export function ExpiryTimeline({ certificates, thresholds }: { certificates: ClassifiedCertificate[]; thresholds: ExpiryThresholds }) {
  const t = useTranslations("certificates");
  const lanes = useMemo(() => {
    const byTenant = new Map<string, ClassifiedCertificate[]>();
    for (const c of certificates) {
      if (c.remainingSeconds === undefined) continue; // key pairs do not end
      const key = c.tenant ?? "";
      byTenant.set(key, [...(byTenant.get(key) ?? []), c]);
    }
    // The certificates arrive soonest first, so a lane's first is its soonest.
    return [...byTenant.entries()].sort((a, b) => a[1][0]!.remainingSeconds! - b[1][0]!.remainingSeconds!);
  }, [certificates]);
  const all = lanes.flatMap(([, cs]) => cs.map((c) => c.remainingSeconds!));
  const x = useMemo(() => {
    const lo = Math.min(0, ...all);
    const hi = Math.max(thresholds.warningSeconds * 1.5, ...all);
    return scaleSymlog().domain([lo, hi]).range([LABEL_W + 8, W - 12]).constant(60);
  }, [all, thresholds.warningSeconds]);
  if (!lanes.length) return <p className="text-sm text-fg-muted">{t("timeline.empty")}</p>;
  const [lo, hi] = x.domain() as [number, number];
  const height = AXIS_H + lanes.length * LANE_H + 8;
  const tick = (s: number) => (s === 0 ? t("timeline.now") : formatSeconds(s));
  return (
    <figure className="overflow-x-auto">
      <svg viewBox={`0 0 ${W} ${height}`} className="w-full min-w-[36rem] text-fg" role="group" aria-label={t("timeline.label")}>
        {[["warning", thresholds.warningSeconds], ["critical", thresholds.criticalSeconds]].map(([name, s]) => (
          <g key={name as string} aria-hidden>
            <line x1={x(s as number)} x2={x(s as number)} y1={AXIS_H - 6} y2={height} className={cn("stroke-[1.5]", name === "warning" ? "stroke-warn" : "stroke-alarm")} strokeDasharray="4 3" />
            <text x={x(s as number) + 3} y={AXIS_H - 8} className={cn("text-[10px]", name === "warning" ? "fill-warn" : "fill-alarm")}>{t(`states.${name as "warning" | "critical"}`)}</text>
          </g>
        ))}
        <g aria-hidden>
          {TICKS.filter((s) => s >= lo && s <= hi).map((s) => (
            <g key={s}>
              <line x1={x(s)} x2={x(s)} y1={AXIS_H} y2={height} className={cn("stroke-border", s === 0 && "stroke-fg-muted")} />
              <text x={x(s)} y={12} textAnchor="middle" className="fill-fg-muted text-[10px]">{tick(s)}</text>
            </g>
          ))}
        </g>
        {lanes.map(([tenant, certs], i) => {
          const y = AXIS_H + i * LANE_H + LANE_H / 2;
          const name = tenant || t("underCluster");
          return (
            <g key={tenant} role="list" aria-label={name}>
              <text x={4} y={y + 4} className="fill-fg text-[11px] font-medium">{name.length > 22 ? `${name.slice(0, 21)}…` : name}</text>
              <line x1={LABEL_W + 8} x2={W - 12} y1={y} y2={y} className="stroke-border" aria-hidden />
              {certs.map((c) => {
                const label = t("timeline.mark", { tenant: name, kind: t(`kinds.${c.kind}`), state: t(`states.${c.state}`), left: formatSeconds(c.remainingSeconds!) });
                return (
                  <g key={`${c.source}-${c.kind}-${c.serial}`} role="listitem">
                    <circle cx={x(c.remainingSeconds!)} cy={y} r={c.state === "ok" ? 5 : 7} tabIndex={0} role="img" aria-label={label} data-state={c.state}
                      className={cn(FILL[c.state], "stroke-surface-raised stroke-2 outline-none focus-visible:stroke-accent")}>
                      <title>{label}</title>
                    </circle>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-fg-muted">{t("timeline.caption")}</figcaption>
    </figure>
  );
}
