"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { CertificateStatePill } from "@/components/certificates/certificate-state";
import { ResourceTable } from "@/components/resource/resource-table";
import { formatSeconds } from "@/lib/certificates/format";
import type { ClassifiedCertificate } from "@/lib/certificates/inventory";

export const certificateId = (c: ClassifiedCertificate) => `${c.tenant ?? ""}/${c.kind}/${c.source}/${c.serial}`;

/** The inventory as the console's one data table: every certificate with its dates, soonest end first. */
export function CertificateTable({ certificates, showTenant = true }: { certificates: ClassifiedCertificate[]; showTenant?: boolean }) {
  const t = useTranslations("certificates");
  const format = useFormatter();
  const columns = useMemo<ColumnDef<ClassifiedCertificate, unknown>[]>(() => [
    ...(showTenant ? [{ id: "tenant", header: t("columns.tenant"), accessorFn: (c: ClassifiedCertificate) => c.tenant ?? t("underCluster") }] : []),
    { id: "kind", header: t("columns.kind"), accessorFn: (c) => t(`kinds.${c.kind}`), meta: { rowHeader: true } },
    { id: "state", header: t("columns.state"), accessorFn: (c) => c.state, cell: ({ row }) => <CertificateStatePill state={row.original.state} /> },
    {
      id: "left", header: t("columns.left"), accessorFn: (c) => c.remainingSeconds ?? Number.MAX_SAFE_INTEGER, meta: { className: "tabular-nums" },
      cell: ({ row: { original: c } }) => (c.remainingSeconds === undefined ? t("age", { age: formatSeconds(c.ageSeconds) }) : formatSeconds(c.remainingSeconds)),
    },
    {
      id: "notAfter", header: t("columns.notAfter"), accessorFn: (c) => c.notAfter ?? "", meta: { className: "text-xs" },
      cell: ({ row: { original: c } }) => (c.notAfter ? <time dateTime={c.notAfter}>{format.dateTime(new Date(c.notAfter), { dateStyle: "medium", timeStyle: "medium" })}</time> : t("neverExpires")),
    },
    { id: "subject", header: t("columns.subject"), accessorFn: (c) => c.subject || c.keyType, meta: { className: "font-mono text-xs" } },
    { id: "serial", header: t("columns.serial"), accessorFn: (c) => c.serial, meta: { className: "font-mono text-xs" }, cell: ({ row }) => row.original.serial.slice(0, 16) },
  ], [t, format, showTenant]);
  return (
    <ResourceTable label={t("table.label")} data={certificates} columns={columns} getRowId={certificateId} noun={t("table.noun")}
      initialHidden={{ serial: false }} empty={<p className="p-4 text-sm text-fg-muted">{t("table.empty")}</p>} />
  );
}
