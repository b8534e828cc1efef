"use client";

import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { TenantRow } from "@/components/tenants/tenant-columns";
import { Button } from "@/components/ui/button";

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** What selected tenants offer together: their list as CSV (for a ticket or a spreadsheet), or their names. */
export function TenantBulkActions({ rows, clear }: { rows: TenantRow[]; clear: () => void }) {
  const t = useTranslations("tenants.bulk");
  const csv = () => {
    const head = ["name", "phase", "version", "networkMode", "cidr", "readyWorkers", "desiredWorkers", "owners", "endpoint"];
    const lines = rows.map((t) => [t.name, t.phase, t.version, t.networkMode, t.cidr, t.readyWorkers, t.desiredWorkers, t.owners.join(" "), t.endpoint ?? ""].map(csvCell).join(","));
    const url = URL.createObjectURL(new Blob([[head.join(","), ...lines].join("\n") + "\n"], { type: "text/csv" }));
    Object.assign(document.createElement("a"), { href: url, download: "tenants.csv" }).click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Button size="sm" variant="secondary" onClick={csv}>{t("csv")}</Button>
      <Button size="sm" variant="secondary" onClick={() => void navigator.clipboard.writeText(rows.map((t) => t.name).join("\n")).then(() => toast.success(t("copied", { count: rows.length })))}>
        {t("copyNames")}
      </Button>
      <Button size="sm" variant="ghost" onClick={clear}>{t("clear")}</Button>
    </>
  );
}
