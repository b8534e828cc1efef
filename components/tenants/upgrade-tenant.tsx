"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { compareVersions } from "@/lib/schemas/tenant";

/** Offers only newer versions the platform policy allows. */
export function UpgradeTenant({ name, version }: { name: string; version: string }) {
  const trpc = useTRPC();
  const policy = useQuery(trpc.tenants.policy.queryOptions());
  const toast = useToast();
  const upgrade = useMutation(trpc.tenants.upgrade.mutationOptions({
    onSuccess: (_d, v) => toast(`Upgrading ${name} to ${v.version}: control plane first, then workers`), onError: (e) => toast(e.message, "alarm"),
  }));
  const newer = (policy.data?.allowedVersions ?? []).filter((v) => compareVersions(v, version) > 0).sort(compareVersions);
  const [target, setTarget] = useState("");
  if (policy.isPending) return <p className="text-sm text-fg-muted">Loading allowed versions…</p>;
  if (newer.length === 0) return <p className="text-sm text-fg-muted">{version} is the newest version the platform allows.</p>;
  return (
    <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); upgrade.mutate({ name, version: target || newer[0]! }); }}>
      <div>
        <label htmlFor="upgrade-to" className="block text-sm text-fg-muted">Upgrade to</label>
        <select id="upgrade-to" className="rounded-md border border-border bg-surface px-3 py-2 text-sm" value={target || newer[0]} onChange={(e) => setTarget(e.target.value)}>
          {newer.map((v) => <option key={v}>{v}</option>)}
        </select>
      </div>
      <Button type="submit" variant="secondary" disabled={upgrade.isPending}>{upgrade.isPending ? "Upgrading…" : "Upgrade"}</Button>
      <p className="w-full text-xs text-fg-muted">The control plane is upgraded first, then the workers.</p>
      {upgrade.isError && <p role="alert" className="w-full text-sm text-alarm">{upgrade.error.message}</p>}
    </form>
  );
}
