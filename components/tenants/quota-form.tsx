"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { QUOTA_KEYS, type Quota } from "@/lib/schemas/tenant";

const LABEL: Record<(typeof QUOTA_KEYS)[number], string> = { vcpu: "vCPU", memoryGi: "Memory GiB", storageGi: "Storage GiB", workers: "Workers", loadBalancers: "Load balancers" };

export function QuotaForm({ name, quota, canEdit }: { name: string; quota: Quota; canEdit: boolean }) {
  const trpc = useTRPC();
  const [value, setValue] = useState<Quota>(quota);
  const toast = useToast();
  const save = useMutation(trpc.tenants.setQuota.mutationOptions({ onSuccess: () => toast(`Quota of ${name} saved`), onError: (e) => toast(e.message, "alarm") }));
  return (
    <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); save.mutate({ name, quota: value }); }}>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        {QUOTA_KEYS.map((k) => (
          <div key={k}>
            <label htmlFor={`quota-${k}`} className="block text-sm text-fg-muted">{LABEL[k]}</label>
            <input id={`quota-${k}`} type="number" min={0} disabled={!canEdit} placeholder="default" className="w-full rounded-md border border-border bg-surface px-3 py-2 text-sm"
              value={value[k] ?? ""} onChange={(e) => setValue({ ...value, [k]: e.target.value === "" ? undefined : Number(e.target.value) })} />
          </div>
        ))}
      </div>
      {canEdit && <Button type="submit" variant="secondary" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save quota"}</Button>}
      {save.isError && <p role="alert" className="text-sm text-alarm">{save.error.message}</p>}
      {save.isSuccess && <p role="status" className="text-sm text-fg-muted">Quota saved.</p>}
    </form>
  );
}
