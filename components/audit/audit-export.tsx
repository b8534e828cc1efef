"use client";

import { useQueryClient } from "@tanstack/react-query";
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
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const run = async (format: "csv" | "json") => {
    setBusy(true);
    const id = toast.loading("Exporting the audit log…");
    try {
      const all: AuditEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryClient.fetchQuery(trpc.audit.list.queryOptions({ ...query, limit: 500, cursor }));
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < MAX);
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      if (format === "csv") download(`kmetal-audit-${stamp}.csv`, "text/csv", auditCsv(all));
      else download(`kmetal-audit-${stamp}.json`, "application/json", JSON.stringify(all, null, 2));
      toast.success(`Exported ${all.length} records${all.length >= MAX ? " (the first 20,000)" : ""}`, { id });
    } catch (err) {
      toast.error(`Export failed: ${(err as Error).message}`, { id });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex gap-2" role="group" aria-label="Export">
      <Button variant="secondary" size="sm" disabled={busy} onClick={() => void run("csv")}>Export CSV</Button>
      <Button variant="secondary" size="sm" disabled={busy} onClick={() => void run("json")}>Export JSON</Button>
    </div>
  );
}
