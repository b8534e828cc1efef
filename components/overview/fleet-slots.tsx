"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";

// Slots for figures that other parts of the console compute (certificate expiry, quota usage, hypervisor
// capacity). Each takes its data as props; without it the slot says the figure is not available, never a
// made-up number.

export interface CertificateFigures {
  /** Certificates that expire within `withinDays`, and those already expired. */
  expiringSoon: number;
  expired: number;
  withinDays: number;
  href: string;
}

export interface QuotaHotspotFigures {
  /** Tenants with some quota ≥ 80 % used, and ≥ 95 %. */
  atLeast80: number;
  atLeast95: number;
  href80: string;
  href95: string;
}

export interface CapacityFigures {
  /** Requested by tenants' VMs over what the hypervisors have allocatable, in per cent (may pass 100: overcommit). */
  cpuPercent: number;
  memoryPercent: number;
  unschedulable: number;
  href: string;
}

function NotAvailable({ id }: { id: string }) {
  const t = useTranslations("overview.slots");
  return <p id={id} className="text-sm text-fg-muted">{t("notAvailable")}</p>;
}

function Figure({ value, label, href, tone }: { value: number | string; label: string; href: string; tone?: "warn" | "alarm" }) {
  return (
    <Link href={href} prefetch={false} className="group flex items-baseline gap-2 rounded-md p-1 hover:bg-surface-sunken">
      <span className={tone === "alarm" ? "text-2xl font-semibold tabular-nums text-alarm" : tone === "warn" ? "text-2xl font-semibold tabular-nums text-warn" : "text-2xl font-semibold tabular-nums"}>{value}</span>
      <span className="text-sm text-fg-muted group-hover:underline">{label}</span>
    </Link>
  );
}

export function CertificatesSlot({ data }: { data?: CertificateFigures }) {
  const t = useTranslations("overview.slots");
  return (
    <Card aria-labelledby="slot-certificates" data-testid="slot-certificates">
      <CardTitle id="slot-certificates">{t("certificates")}</CardTitle>
      {data ? (
        <div className="space-y-1">
          <Figure value={data.expired} label={t("expired")} href={data.href} tone={data.expired ? "alarm" : undefined} />
          <Figure value={data.expiringSoon} label={t("expiringWithin", { days: data.withinDays })} href={data.href} tone={data.expiringSoon ? "warn" : undefined} />
        </div>
      ) : <NotAvailable id="slot-certificates-na" />}
    </Card>
  );
}

export function QuotaHotspotsSlot({ data }: { data?: QuotaHotspotFigures }) {
  const t = useTranslations("overview.slots");
  return (
    <Card aria-labelledby="slot-quota" data-testid="slot-quota">
      <CardTitle id="slot-quota">{t("quota")}</CardTitle>
      {data ? (
        <div className="space-y-1">
          <Figure value={data.atLeast95} label={t("quota95")} href={data.href95} tone={data.atLeast95 ? "alarm" : undefined} />
          <Figure value={data.atLeast80} label={t("quota80")} href={data.href80} tone={data.atLeast80 ? "warn" : undefined} />
        </div>
      ) : <NotAvailable id="slot-quota-na" />}
    </Card>
  );
}

export function CapacitySlot({ data }: { data?: CapacityFigures }) {
  const t = useTranslations("overview.slots");
  return (
    <Card aria-labelledby="slot-capacity" data-testid="slot-capacity">
      <CardTitle id="slot-capacity">{t("capacity")}</CardTitle>
      {data ? (
        <div className="space-y-1">
          <Figure value={`${data.cpuPercent} %`} label={t("cpu")} href={data.href} tone={data.cpuPercent >= 100 ? "warn" : undefined} />
          <Figure value={`${data.memoryPercent} %`} label={t("memory")} href={data.href} tone={data.memoryPercent >= 100 ? "warn" : undefined} />
          <Figure value={data.unschedulable} label={t("unschedulable")} href={data.href} tone={data.unschedulable ? "alarm" : undefined} />
        </div>
      ) : <NotAvailable id="slot-capacity-na" />}
    </Card>
  );
}
