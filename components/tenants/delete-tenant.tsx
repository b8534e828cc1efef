"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

/** Deleting destroys a whole cluster: list what goes, and make the user type the name. */
export function DeleteTenant({ name, workers }: { name: string; workers: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const toast = useToast();
  const del = useMutation(trpc.tenants.delete.mutationOptions({
    onSuccess: () => { toast(`Deleting ${name}: its cluster, VMs and network are being removed`); router.push("/tenants"); },
    onError: (e) => toast(e.message, "alarm"),
  }));
  if (!open) return <Button variant="secondary" className="text-alarm" onClick={() => setOpen(true)}>Delete tenant…</Button>;
  return (
    <div role="dialog" aria-modal="false" aria-labelledby="del-title" className="space-y-3 rounded-md border border-alarm/50 bg-alarm/5 p-4">
      <h3 id="del-title" className="font-semibold text-alarm">Delete tenant {name}?</h3>
      <p className="text-sm">This destroys, and cannot be undone:</p>
      <ul className="list-disc pl-5 text-sm">
        <li>the tenant control plane, its dedicated etcd and all data in it</li>
        <li>{workers.length} worker VM{workers.length === 1 ? "" : "s"}{workers.length ? `: ${workers.join(", ")}` : ""}</li>
        <li>the VPC, subnet, quota and namespace tenant-{name}</li>
      </ul>
      <label htmlFor="del-confirm" className="block text-sm">Type <strong>{name}</strong> to confirm</label>
      <input id="del-confirm" className="rounded-md border border-border bg-surface px-3 py-2 text-sm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
      <div className="flex gap-2">
        <Button className="bg-alarm text-accent-fg hover:bg-alarm/90" disabled={typed !== name || del.isPending} onClick={() => del.mutate({ name })}>
          {del.isPending ? "Deleting…" : "Delete permanently"}
        </Button>
        <Button variant="ghost" onClick={() => { setOpen(false); setTyped(""); }}>Cancel</Button>
      </div>
      {del.isError && <p role="alert" className="text-sm text-alarm">{del.error.message}</p>}
    </div>
  );
}
