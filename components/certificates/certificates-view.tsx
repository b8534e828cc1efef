"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { CertificateTable } from "@/components/certificates/certificate-table";
import { ExpiryTimeline } from "@/components/certificates/expiry-timeline";
import { useFleetCertificates } from "@/components/certificates/use-certificates";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { Card, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { CERTIFICATE_KINDS } from "@/lib/certificates/kamaji";
import { CERTIFICATE_STATES, filterInventory } from "@/lib/certificates/inventory";
import { formatSeconds } from "@/lib/certificates/format";
import { CertificateFilterSchema, type CertificateFilterInput } from "@/lib/schemas/certificates";

/** The fleet's certificates: the expiry timeline beside the table, both filtered by tenant, kind and state. */
export function CertificatesView() {
  const t = useTranslations("certificates");
  const { query, live, view } = useFleetCertificates();
  const [filter, setFilter] = useState<CertificateFilterInput>({});
  const set = (patch: Partial<Record<keyof CertificateFilterInput, string>>) => {
    const next = CertificateFilterSchema.safeParse(Object.fromEntries(Object.entries({ ...filter, ...patch }).filter(([, v]) => v)));
    if (next.success) setFilter(next.data);
  };
  const shown = useMemo(() => (view ? filterInventory(view.certificates, filter as Parameters<typeof filterInventory>[1]) : []), [view, filter]);
  const tenants = useMemo(() => [...new Set(view?.certificates.flatMap((c) => (c.tenant ? [c.tenant] : [])) ?? [])].sort(), [view]);
  if (query.isPending) return <div aria-busy="true" className="space-y-3"><Skeleton className="h-8 w-64" /><Skeleton className="h-64" /></div>;
  if (query.isError) return <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{query.error.message}</p>;
  const { thresholds, incomplete } = query.data;
  const counts = view!.counts;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <LiveIndicator status={live} />
        <p className="text-sm text-fg-muted" aria-live="polite">
          {t("summary", { ok: counts.ok, warning: counts.warning, critical: counts.critical, expired: counts.expired })}
        </p>
      </div>
      <p className="text-sm text-fg-muted">{t("thresholds", { warning: formatSeconds(thresholds.warningSeconds), critical: formatSeconds(thresholds.criticalSeconds) })}</p>
      {incomplete.length > 0 && (
        <p role="status" className="rounded-md border border-warn/40 bg-warn/10 p-3 text-sm">
          {incomplete.map((i) => t("incomplete", { tenant: i.tenant, missing: i.missing.map((k) => t(`kinds.${k}`)).join(", ") })).join(" · ")}
        </p>
      )}
      <form className="flex flex-wrap items-end gap-3" aria-label={t("filters.label")} onSubmit={(e) => e.preventDefault()}>
        <div className="grid gap-1">
          <Label htmlFor="cert-tenant">{t("filters.tenant")}</Label>
          <NativeSelect id="cert-tenant" value={filter.tenant ?? ""} onChange={(e) => set({ tenant: e.target.value })}>
            <option value="">{t("filters.allTenants")}</option>
            {tenants.map((n) => <option key={n} value={n}>{n}</option>)}
          </NativeSelect>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="cert-kind">{t("filters.kind")}</Label>
          <NativeSelect id="cert-kind" value={filter.kind ?? ""} onChange={(e) => set({ kind: e.target.value })}>
            <option value="">{t("filters.allKinds")}</option>
            {CERTIFICATE_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
          </NativeSelect>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="cert-state">{t("filters.state")}</Label>
          <NativeSelect id="cert-state" value={filter.state ?? ""} onChange={(e) => set({ state: e.target.value })}>
            <option value="">{t("filters.allStates")}</option>
            {CERTIFICATE_STATES.map((s) => <option key={s} value={s}>{t(`states.${s}`)}</option>)}
          </NativeSelect>
        </div>
      </form>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card aria-labelledby="timeline-title">
          <CardTitle id="timeline-title">{t("timeline.title")}</CardTitle>
          <ExpiryTimeline certificates={shown} thresholds={thresholds} />
        </Card>
        <Card aria-labelledby="table-title">
          <CardTitle id="table-title">{t("table.title")}</CardTitle>
          <CertificateTable certificates={shown} />
        </Card>
      </div>
    </div>
  );
}
