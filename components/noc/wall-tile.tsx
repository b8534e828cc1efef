"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useTranslations } from "next-intl";
import { memo } from "react";
import { RelativeTime } from "@/components/resource/relative-time";
import { cn } from "@/lib/utils";
import type { AppRouter } from "@/server/api/root";

export type WallTileData = inferRouterOutputs<AppRouter>["noc"]["wall"]["tiles"][number];

/** Figures other parts of the console will feed per tenant; until then the tile says they are not available. */
export interface TileSlots {
  /** Soonest certificate expiry (ISO time). */
  certificateExpiry?: string;
  /** The most used quota resource, in per cent of its hard limit. */
  quotaHotspot?: { resource: string; percent: number };
}

const PHASE_TONE: Record<string, "ok" | "warn" | "alarm" | "neutral"> = { Ready: "ok", Updating: "neutral", Provisioning: "warn", Pending: "warn", Degraded: "alarm", Refused: "alarm", Deleting: "neutral" };
const TONE_TEXT = { ok: "text-ok", warn: "text-warn", alarm: "text-alarm", neutral: "text-fg" } as const;

function Fact({ label, value, tone = "neutral" }: { label: string; value: React.ReactNode; tone?: keyof typeof TONE_TEXT }) {
  return (
    <div className="flex items-baseline justify-between gap-2">
      <dt className="text-fg-muted">{label}</dt>
      <dd className={cn("font-semibold tabular-nums", TONE_TEXT[tone])}>{value}</dd>
    </div>
  );
}

/** One tenant on the wall: large type, every state named in words (colour only repeats it). */
export const WallTile = memo(function WallTile({ tile, slots: given = {} }: { tile: WallTileData; slots?: TileSlots }) {
  // The server puts what the certificate inventory and quota usage say on the tile itself.
  const slots: TileSlots = { certificateExpiry: tile.certificateExpiry ?? given.certificateExpiry, quotaHotspot: tile.quotaHotspot ?? given.quotaHotspot };
  const t = useTranslations("noc.tile");
  const phaseTone = PHASE_TONE[tile.phase] ?? "neutral";
  const broken = phaseTone === "alarm" || tile.violations > 0;
  const inert = tile.phase === "Deleting" || tile.phase === "Refused";
  return (
    <li aria-label={tile.name} data-testid={`tile-${tile.name}`}
      className={cn("flex flex-col gap-2 rounded-lg border-2 bg-surface-raised p-4 text-lg", broken ? "border-alarm" : phaseTone === "warn" ? "border-warn" : "border-border")}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="truncate text-2xl font-bold" title={tile.name}>{tile.name}</h2>
        <span className={cn("shrink-0 text-xl font-bold uppercase", TONE_TEXT[phaseTone])}>{tile.phase}</span>
      </div>
      <dl className="space-y-0.5">
        <Fact label={t("controlPlane")} tone={inert ? "neutral" : tile.controlPlane.ready ? "ok" : "alarm"}
          value={t("replicas", { count: tile.controlPlane.replicas, state: tile.controlPlane.ready ? t("ready") : t("notReady") })} />
        <Fact label={t("etcd")} tone={inert ? "neutral" : tile.etcdReady ? "ok" : "alarm"} value={tile.etcdReady ? t("ready") : t("notReady")} />
        <Fact label={t("endpoint")} tone={inert || tile.endpoint.answering === undefined ? "neutral" : tile.endpoint.answering ? "ok" : "alarm"}
          value={!tile.endpoint.address ? t("none") : tile.endpoint.answering === undefined ? t("notProbed") : tile.endpoint.answering ? t("answering") : t("notAnswering")} />
        <Fact label={t("workers")} tone={tile.workers.ready < tile.workers.desired && !inert ? "warn" : "neutral"} value={`${tile.workers.ready}/${tile.workers.desired}`} />
        <Fact label={t("violations")} tone={tile.violations ? "alarm" : "neutral"} value={String(tile.violations)} />
        <Fact label={t("certificate")} value={slots.certificateExpiry ? <RelativeTime date={slots.certificateExpiry} /> : t("notAvailable")} />
        <Fact label={t("quota")} value={slots.quotaHotspot ? `${slots.quotaHotspot.resource} ${slots.quotaHotspot.percent} %` : t("notAvailable")}
          tone={slots.quotaHotspot ? (slots.quotaHotspot.percent >= 95 ? "alarm" : slots.quotaHotspot.percent >= 80 ? "warn" : "neutral") : "neutral"} />
      </dl>
    </li>
  );
});
