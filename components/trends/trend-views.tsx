"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRef } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useSessionStream } from "@/components/resource/use-session-stream";
import { TrendChart, type ChartSeries } from "@/components/trends/trend-chart";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { USAGE_KEYS, type UsageKey } from "@/lib/fleet/usage";
import { capacitySeries, phaseSeries, TREND_PHASES, usageSeries, type Trend, type TrendPhase } from "@/lib/trends/series";

const MAX_POINTS = 288; // 5-minute buckets over 24 h
const PHASE_COLOUR: Record<TrendPhase, ChartSeries["colour"]> = { Pending: "fg-muted", Provisioning: "warn", Ready: "ok", Updating: "accent", Degraded: "alarm", Refused: "alarm", Deleting: "fg" };

/** Where the history comes from, in words: Prometheus, or this console's samples since a time. */
function SourceNote({ trend }: { trend: Trend }) {
  const t = useTranslations("trends");
  const format = useFormatter();
  return (
    <p className="text-xs text-fg-muted" data-testid="trend-source">
      {trend.source === "prometheus" ? t("fromPrometheus")
        : trend.since ? t("sampledSince", { time: format.dateTime(new Date(trend.since), { dateStyle: "medium", timeStyle: "short" }) }) : t("notSampledYet")}
    </p>
  );
}

function useUsageCharts() {
  const t = useTranslations("trends");
  return (k: UsageKey) => ({
    title: t(`key.${k}`), unit: t(`unit.${k}`),
    series: [{ id: usageSeries(k, "used"), label: t("used"), colour: "accent" }, { id: usageSeries(k, "hard"), label: t("hard"), colour: "alarm", dashed: true }] as ChartSeries[],
  });
}

/** Runs `fn` on every call but the first (the stream's first push is the point the query already has). */
function useAfterFirst(fn: () => void): () => void {
  const calls = useRef(0);
  return () => {
    if (calls.current++ > 0) fn();
  };
}

function Loading({ label }: { label: string }) {
  return <div aria-busy="true" aria-label={label} className="grid gap-4 md:grid-cols-3">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-40" />)}</div>;
}

/** The fleet's last 24 h (platform roles): quota totals used against hard, hypervisor capacity, tenants by phase. Refreshed after each sample. */
export function FleetTrends() {
  const t = useTranslations("trends");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const trend = useQuery(trpc.trends.fleet.queryOptions({ maxPoints: MAX_POINTS }));
  // After each sample the console pushes its newest point: the query is fetched again (bucketed as before).
  const refresh = useAfterFirst(() => void qc.invalidateQueries({ queryKey: trpc.trends.fleet.queryKey() }));
  useSessionStream(useSubscription(trpc.trends.watchFleet.subscriptionOptions(undefined, { onData: refresh })));
  const usage = useUsageCharts();
  return (
    <Card aria-labelledby="trends-fleet-title" data-testid="fleet-trends">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <CardTitle id="trends-fleet-title" className="mb-0">{t("fleetTitle")}</CardTitle>
        {trend.data && <SourceNote trend={trend.data} />}
      </div>
      {trend.isPending ? <Loading label={t("loading")} /> : trend.isError ? (
        <p role="alert" className="text-sm text-alarm">{t("loadError", { message: trend.error.message })}</p>
      ) : (
        <div className="grid gap-x-6 gap-y-5 md:grid-cols-2 xl:grid-cols-4">
          {USAGE_KEYS.map((k) => <TrendChart key={k} {...usage(k)} t={trend.data.t} data={trend.data.series} />)}
          {(["cpu", "memoryGi"] as const).map((r) => (
            <TrendChart key={r} title={t(`capacity.${r}`)} unit={t(`unit.${r === "cpu" ? "vcpu" : "memoryGi"}`)} t={trend.data.t} data={trend.data.series}
              series={[{ id: capacitySeries(r, "requested"), label: t("requested"), colour: "accent" }, { id: capacitySeries(r, "allocatable"), label: t("allocatable"), colour: "ok", dashed: true }]} />
          ))}
          <TrendChart title={t("phases")} t={trend.data.t} data={trend.data.series}
            series={TREND_PHASES.map((p) => ({ id: phaseSeries(p), label: p, colour: PHASE_COLOUR[p], dashed: p === "Refused" }))} />
        </div>
      )}
    </Card>
  );
}

/** One tenant's last 24 h of quota usage (used against hard per resource). Refreshed after each sample. */
export function TenantTrend({ name }: { name: string }) {
  const t = useTranslations("trends");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const trend = useQuery(trpc.trends.tenant.queryOptions({ name, maxPoints: MAX_POINTS }));
  // After each sample the console pushes its newest point: the query is fetched again (bucketed as before).
  const refresh = useAfterFirst(() => void qc.invalidateQueries({ queryKey: trpc.trends.tenant.queryKey({ name, maxPoints: MAX_POINTS }) }));
  useSessionStream(useSubscription(trpc.trends.watchTenant.subscriptionOptions({ name }, { onData: refresh })));
  const usage = useUsageCharts();
  return (
    <Card aria-labelledby="trends-tenant-title" data-testid="tenant-trend">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <CardTitle id="trends-tenant-title" className="mb-0">{t("tenantTitle")}</CardTitle>
        {trend.data && <SourceNote trend={trend.data} />}
      </div>
      {trend.isPending ? <Loading label={t("loading")} /> : trend.isError ? (
        <p role="alert" className="text-sm text-alarm">{t("loadError", { message: trend.error.message })}</p>
      ) : !trend.data.sampled ? (
        <p className="text-sm text-fg-muted">{t("tenantNotSampled")}</p>
      ) : (
        <div className="grid gap-x-6 gap-y-5 md:grid-cols-2 xl:grid-cols-3">
          {USAGE_KEYS.map((k) => <TrendChart key={k} {...usage(k)} t={trend.data.t} data={trend.data.series} />)}
        </div>
      )}
    </Card>
  );
}
