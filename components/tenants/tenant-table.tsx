"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { PhaseBadge } from "@/components/tenants/phase-badge";
import { useLiveTenantList } from "@/components/tenants/use-live";
import { Skeleton } from "@/components/ui/skeleton";
import { useWindow } from "@/components/resource/use-window";

const ROW = 53; // px; fixed row height keeps windowing exact and avoids layout jumps on live updates

const PHASES = ["all", "Ready", "Provisioning", "Pending", "Degraded", "Refused", "Deleting"] as const;
const input = "rounded-md border border-border bg-surface px-3 py-2 text-sm";

export function TenantTable({ canCreate }: { canCreate: boolean }) {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.tenants.list.queryOptions());
  const live = useLiveTenantList();
  const [q, setQ] = useState("");
  const [phase, setPhase] = useState<(typeof PHASES)[number]>("all");
  const [mode, setMode] = useState("all");
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (tenants.data ?? []).filter(
      (t) =>
        (phase === "all" || t.phase === phase) &&
        (mode === "all" || t.networkMode === mode) &&
        (!needle || [t.name, t.displayName ?? "", t.version, t.cidr, ...t.owners].some((f) => f.toLowerCase().includes(needle))),
    );
  }, [tenants.data, q, phase, mode]);
  const win = useWindow(rows.length, ROW);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Tenants</h1>
        <LiveIndicator status={live} />
        {canCreate && (
          <Link href="/tenants/new" className="ml-auto rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-fg">
            New tenant
          </Link>
        )}
      </div>
      <div className="flex flex-wrap gap-3" role="search">
        <label className="sr-only" htmlFor="tenant-search">Search tenants</label>
        <input id="tenant-search" className={input} placeholder="Search name, owner, CIDR…" value={q} onChange={(e) => setQ(e.target.value)} />
        <label className="sr-only" htmlFor="tenant-phase">Phase</label>
        <select id="tenant-phase" className={input} value={phase} onChange={(e) => setPhase(e.target.value as (typeof PHASES)[number])}>
          {PHASES.map((p) => <option key={p} value={p}>{p === "all" ? "All phases" : p}</option>)}
        </select>
        <label className="sr-only" htmlFor="tenant-mode">Network mode</label>
        <select id="tenant-mode" className={input} value={mode} onChange={(e) => setMode(e.target.value)}>
          <option value="all">All networks</option>
          <option value="overlay">overlay</option>
          <option value="vlan">vlan</option>
        </select>
        <span className="self-center text-sm text-fg-muted" aria-live="polite">
          {tenants.data ? `${rows.length} of ${tenants.data.length} tenants` : ""}
        </span>
      </div>
      {tenants.isPending ? (
        <div aria-busy="true" className="space-y-2"><Skeleton className="h-10" /><Skeleton className="h-10" /></div>
      ) : tenants.isError ? (
        <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">Could not load tenants: {tenants.error.message}</p>
      ) : tenants.data.length === 0 ? (
        <p className="rounded-md border border-border p-6 text-fg-muted">No tenants yet.{canCreate ? " Create the first one with “New tenant”." : ""}</p>
      ) : (
        <div ref={win.ref} className="max-h-[70vh] overflow-auto rounded-lg border border-border bg-surface-raised">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Tenants</caption>
            <thead className="sticky top-0 bg-surface-raised text-fg-muted">
              <tr>
                {["Name", "Phase", "Version", "Network", "Workers", "Endpoint"].map((h) => (
                  <th key={h} scope="col" className="px-4 py-2 font-medium">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {win.padTop > 0 && <tr aria-hidden style={{ height: win.padTop }} />}
              {rows.slice(win.start, win.end).map((t) => (
                <tr key={t.name} className="border-t border-border" style={{ height: ROW }}>
                  <td className="px-4 py-2">
                    <Link href={`/tenants/${t.name}`} className="font-medium text-accent underline-offset-2 hover:underline">{t.name}</Link>
                    {t.displayName && <div className="truncate text-xs text-fg-muted" data-testid={`display-${t.name}`}>{t.displayName}</div>}
                  </td>
                  <td className="px-4 py-2"><PhaseBadge phase={t.phase} /></td>
                  <td className="px-4 py-2 font-mono text-xs">{t.version}</td>
                  <td className="px-4 py-2 font-mono text-xs">{t.networkMode} {t.cidr}</td>
                  <td className="px-4 py-2 tabular-nums">{t.readyWorkers}/{t.desiredWorkers}</td>
                  <td className="px-4 py-2 font-mono text-xs">{t.endpoint ?? "–"}</td>
                </tr>
              ))}
              {win.padBottom > 0 && <tr aria-hidden style={{ height: win.padBottom }} />}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
