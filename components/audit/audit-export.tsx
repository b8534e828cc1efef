"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { auditCsv } from "@/lib/audit/export";
import type { AuditEntry } from "@/lib/audit/entry";
import type { AuditQueryInput } from "@/lib/schemas/audit";

const MAX = 20_000;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

/** Exports every record the filters match (page by page from the server, up to 20,000) as CSV or JSON. */
export function AuditExport({ query }: { query: Omit<AuditQueryInput, "cursor"> }) {
  const t = useTranslations("audit.export");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const run = async (kind: "csv" | "json") => {
    setBusy(true);
    const id = toast.loading(t("running"));
    try {
      const all: AuditEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryClient.fetchQuery(trpc.audit.list.queryOptions({ ...query, limit: 500, cursor }));
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < MAX);
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      if (kind === "csv") download(`kmetal-audit-${stamp}.csv`, "text/csv", auditCsv(all));
      else download(`kmetal-audit-${stamp}.json`, "application/json", JSON.stringify(all, null, 2));
      toast.success(all.length >= MAX ? t("doneCapped", { count: all.length, max: format.number(MAX) }) : t("done", { count: all.length }), { id });
    } catch (err) {
      toast.error(t("failed", { message: (err as Error).message }), { id });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex gap-2" role="group" aria-label={t("group")}>
      <Button variant="secondary" size="sm" disabled={busy} onClick={() => void run("csv")}>{t("csv")}</Button>
      <Button variant="secondary" size="sm" disabled={busy} onClick={() => void run("json")}>{t("json")}</Button>
    </div>
  );
}
