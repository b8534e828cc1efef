"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { StaleIndicator } from "@/components/fleet/stale-indicator";
import { UsageBar } from "@/components/fleet/usage-bar";
import { useLiveTenantUsage } from "@/components/fleet/use-live-fleet";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { hotSpotOf, type UsageLine } from "@/lib/fleet/usage";

/** A tenant's quota usage as bars: used (from the ResourceQuota's status, the VMIs, the Services) against hard, with what the spec requests. */
export function TenantUsageCard({ name }: { name: string }) {
  const t = useTranslations("fleet.usage");
  const format = useFormatter();
  const trpc = useTRPC();
  const usage = useQuery(trpc.fleet.tenantUsage.queryOptions({ name }));
  const live = useLiveTenantUsage(name);
  const n = (v: number | undefined) => (v === undefined ? "–" : format.number(v, { maximumFractionDigits: 2 }));
  const valueText = (l: UsageLine) =>
    t("value", { used: n(l.used), hard: l.hard === undefined ? t("unlimited") : n(l.hard), requested: n(l.requested), unit: t(`unit.${l.key}`) });
  return (
    <Card aria-labelledby="usage-title">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <CardTitle id="usage-title" className="mb-0">{t("title")}</CardTitle>
        <StaleIndicator status={live} />
        {usage.data && <StatusPill tone={usage.data.hotSpot === "ok" ? "ok" : usage.data.hotSpot}>{t(`hotSpot.${usage.data.hotSpot}`)}</StatusPill>}
      </div>
      {usage.isPending ? (
        <div role="status" aria-busy="true" aria-label={t("loading")} className="space-y-3">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-6" />)}</div>
      ) : usage.isError ? (
        <p role="alert" className="text-sm text-alarm">{t("loadError", { message: usage.error.message })}</p>
      ) : (
        <div className="space-y-3">
          {!usage.data.quotaReported && <p className="text-sm text-fg-muted">{t("notReported")}</p>}
          {usage.data.lines.map((l) => (
            <UsageBar key={l.key} label={t(`key.${l.key}`)} meterLabel={t("meter", { key: t(`key.${l.key}`) })} valueText={valueText(l)} used={l.used} requested={l.requested} hard={l.hard} level={hotSpotOf(l.ratio)} />
          ))}
          <p className="text-xs text-fg-muted">{t("legend")}</p>
        </div>
      )}
    </Card>
  );
}
