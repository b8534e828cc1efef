"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { CapacitySlot, CertificatesSlot, QuotaHotspotsSlot, type CapacityFigures, type CertificateFigures, type QuotaHotspotFigures } from "@/components/overview/fleet-slots";
import { useTRPC } from "@/components/providers/trpc-provider";
import { RelativeTime } from "@/components/resource/relative-time";
import { useSessionStream } from "@/components/resource/use-session-stream";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { FleetTrends } from "@/components/trends/trend-views";
import { FILTER_PHASES, tenantListHref } from "@/lib/overview/tenant-filter";

/** Figures other parts of the console feed in; each slot shows "not available" until it gets its data. */
export interface OverviewSlots {
  certificates?: CertificateFigures;
  quota?: QuotaHotspotFigures;
  capacity?: CapacityFigures;
}

function useLiveOverview() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useSessionStream(useSubscription(trpc.overview.watch.subscriptionOptions(undefined, { onData: (d) => qc.setQueryData(trpc.overview.get.queryKey(), d) }))).status;
}

function Count({ value, label, href, tone, testId }: { value: number; label: string; href: string; tone?: "warn" | "alarm"; testId: string }) {
  const format = useFormatter();
  const colour = value > 0 && tone === "alarm" ? "text-alarm" : value > 0 && tone === "warn" ? "text-warn" : "";
  return (
    <Link href={href} prefetch={false} data-testid={testId} className="group block rounded-md p-2 hover:bg-surface-sunken">
      <span className={`block text-3xl font-semibold tabular-nums ${colour}`}>{format.number(value)}</span>
      <span className="text-sm text-fg-muted group-hover:underline">{label}</span>
    </Link>
  );
}

// Links here do not prefetch: a prefetch is a page request, which slides the session like a click would, and
// nobody opens every filtered list the overview offers.

/** The home page: the fleet (or, for tenant roles, their own tenants) at a glance; every number opens its list. */
export function OverviewView({ slots = {}, canManageDisplays = false, showTrends = false }: { slots?: OverviewSlots; canManageDisplays?: boolean; showTrends?: boolean }) {
  const t = useTranslations("overview");
  const trpc = useTRPC();
  const overview = useQuery(trpc.overview.get.queryOptions());
  const live = useLiveOverview();
  const figures = overview.data?.figures ?? {};

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <LiveIndicator status={live} />
        {overview.data && <span className="text-sm text-fg-muted">{overview.data.scope === "fleet" ? t("scopeFleet") : t("scopeOwn")}</span>}
        <span className="ml-auto flex gap-4 text-sm">
          <Link href="/noc" prefetch={false} className="text-accent underline">{t("openWall")}</Link>
          {canManageDisplays && <Link href="/displays" prefetch={false} className="text-accent underline">{t("displays")}</Link>}
        </span>
      </div>
      {overview.isPending ? (
        <div aria-busy="true" className="grid gap-4 md:grid-cols-3"><Skeleton className="h-32" /><Skeleton className="h-32" /><Skeleton className="h-32" /></div>
      ) : overview.isError ? (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{t("loadError", { message: overview.error.message })}</p>
      ) : (
        <>
          <div className="grid gap-4 md:grid-cols-3">
            <Card aria-labelledby="ov-tenants" className="md:col-span-3">
              <CardTitle id="ov-tenants">{t("tenantsByPhase")}</CardTitle>
              <div className="flex flex-wrap gap-2">
                <Count value={overview.data.counts.tenants} label={t("allTenants")} href="/tenants" testId="count-all" />
                {FILTER_PHASES.filter((p) => overview.data.counts.byPhase[p]).map((p) => (
                  <Count key={p} value={overview.data.counts.byPhase[p] ?? 0} label={p} href={tenantListHref({ phase: p })} testId={`count-phase-${p}`}
                    tone={p === "Degraded" || p === "Refused" ? "alarm" : p === "Provisioning" ? "warn" : undefined} />
                ))}
              </div>
            </Card>
            <Card aria-labelledby="ov-ready">
              <CardTitle id="ov-ready">{t("readiness")}</CardTitle>
              <Count value={overview.data.counts.controlPlanesNotReady} label={t("controlPlanesNotReady")} href={tenantListHref({ attention: "control-plane" })} tone="alarm" testId="count-cp-not-ready" />
              <Count value={overview.data.counts.workersNotReady} label={t("workersNotReady")} href={tenantListHref({ attention: "workers" })} tone="warn" testId="count-workers-not-ready" />
            </Card>
            <Card aria-labelledby="ov-violations">
              <CardTitle id="ov-violations">{t("network")}</CardTitle>
              <Count value={overview.data.violationEdges} label={t("violations")} href="/network" tone="alarm" testId="count-violations" />
              <Count value={overview.data.counts.tenantsWithViolations} label={t("tenantsWithViolations")} href="/network" tone="alarm" testId="count-violating-tenants" />
            </Card>
            <Card aria-labelledby="ov-failures">
              <CardTitle id="ov-failures">{t("recentFailures")}</CardTitle>
              {overview.data.failures.length === 0 ? <p className="text-sm text-fg-muted">{t("noFailures")}</p> : (
                <ul className="space-y-2 text-sm">
                  {overview.data.failures.map((f) => (
                    <li key={`${f.tenant}-${f.at}-${f.reason}`}>
                      <Link href={`/tenants/${f.tenant}`} prefetch={false} className="font-medium text-accent underline-offset-2 hover:underline">{f.tenant}</Link>{" "}
                      <span className="font-mono text-xs">{f.reason}</span>{" "}
                      {f.at && <RelativeTime date={f.at} className="text-xs text-fg-muted" />}
                      <div className="truncate text-fg-muted" title={f.message}>{f.message}</div>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
          <div className="grid gap-4 md:grid-cols-3">
            <CertificatesSlot data={slots.certificates ?? (figures.certificates && { ...figures.certificates, href: "/certificates" })} />
            <QuotaHotspotsSlot data={slots.quota ?? (figures.quota && { ...figures.quota, href80: tenantListHref({ quota: "80" }), href95: tenantListHref({ quota: "95" }) })} />
            <CapacitySlot data={slots.capacity ?? (figures.capacity && { ...figures.capacity, href: "/under-cluster#capacity-title" })} />
          </div>
          {overview.data.counts.tenants === 0 && <p className="text-sm text-fg-muted">{t("empty")}</p>}
          {showTrends && <FleetTrends />}
        </>
      )}
    </div>
  );
}
