"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";

const TONE = { success: "ok", denied: "alarm", error: "warn" } as const;
const inputCls = "rounded-md border border-border bg-surface px-3 py-2 text-sm";

export function AuditTable() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState({ tenant: "", user: "", action: "" });
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v.trim())) as { tenant?: string; user?: string; action?: string };
  const audit = useQuery({ ...trpc.audit.list.queryOptions(clean), refetchOnWindowFocus: true });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <div className="flex flex-wrap gap-3" role="search">
        {(["tenant", "user", "action"] as const).map((k) => (
          <div key={k}>
            <label htmlFor={`audit-${k}`} className="block text-sm text-fg-muted">{k[0]!.toUpperCase() + k.slice(1)}</label>
            <input id={`audit-${k}`} className={inputCls} value={filter[k]} placeholder={k === "action" ? "tenants.kubeconfig" : ""} onChange={(e) => setFilter({ ...filter, [k]: e.target.value })} />
          </div>
        ))}
      </div>
      {audit.isPending ? (
        <Skeleton className="h-24" />
      ) : audit.isError ? (
        <p role="alert" className="text-alarm">Could not load the audit log: {audit.error.message}</p>
      ) : audit.data.items.length === 0 ? (
        <p className="text-fg-muted">No recorded actions match.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface-raised">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit log</caption>
            <thead className="text-fg-muted"><tr>{["When", "User", "Action", "Tenant", "Result", "Details"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}</tr></thead>
            <tbody>
              {audit.data.items.map((e) => (
                <tr key={e.id} className="border-t border-border align-top">
                  <td className="px-3 py-2 tabular-nums"><time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time></td>
                  <td className="px-3 py-2">{e.user}{e.sourceIp && <div className="text-xs text-fg-muted">{e.sourceIp}</div>}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2">{e.tenant ?? "–"}</td>
                  <td className="px-3 py-2"><StatusPill tone={TONE[e.result]}>{e.result}{e.code ? ` (${e.code})` : ""}</StatusPill></td>
                  <td className="max-w-md break-words px-3 py-2 text-xs text-fg-muted">{e.message ?? e.input}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
