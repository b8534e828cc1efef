"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

type Action = "start" | "stop" | "restart";
const CONSEQUENCE: Record<"stop" | "restart", string> = {
  stop: "Its node leaves the tenant cluster and the pods on it stop until you start it again.",
  restart: "Its node is unavailable until the VM is back; the pods on it are interrupted.",
};
const verb = (a: Action) => `${a[0]!.toUpperCase()}${a.slice(1)}`;

/** Start acts at once; Stop and Restart interrupt a tenant's workloads, so they ask first. */
export function VmActions({ name, vm, running }: { name: string; vm: string; running: boolean }) {
  const trpc = useTRPC();
  const [confirm, setConfirm] = useState<"stop" | "restart" | null>(null);
  const power = useMutation(trpc.tenants.vmPower.mutationOptions({
    onSuccess: (_d, v) => { toast.success(`${verb(v.action)} requested for ${vm}`); setConfirm(null); },
    onError: (e, v) => showMutationError(e, { title: `Could not ${v.action} ${vm}` }),
  }));
  const act = (action: Action) => power.mutate({ name, vm, action });
  if (!running) return <Button size="sm" variant="ghost" aria-label={`Start ${vm}`} disabled={power.isPending} onClick={() => act("start")}>Start</Button>;
  return (
    <Dialog open={confirm !== null} onOpenChange={(o) => { if (!o) setConfirm(null); }}>
      <div className="flex gap-1">
        {(["stop", "restart"] as const).map((a) => (
          <DialogTrigger key={a} asChild>
            <Button size="sm" variant="ghost" aria-label={`${verb(a)} ${vm}`} disabled={power.isPending} onClick={() => setConfirm(a)}>{verb(a)}</Button>
          </DialogTrigger>
        ))}
      </div>
      {confirm && (
        <DialogContent tone="alarm" onOpenAutoFocus={(e) => { e.preventDefault(); document.getElementById(`vm-cancel-${vm}`)?.focus(); }}>
          <DialogTitle>{verb(confirm)} {vm}?</DialogTitle>
          <DialogDescription>{CONSEQUENCE[confirm]}</DialogDescription>
          <DialogFooter>
            <DialogClose asChild><Button id={`vm-cancel-${vm}`} variant="ghost">Cancel</Button></DialogClose>
            <Button className="bg-alarm text-accent-fg hover:bg-alarm/90" disabled={power.isPending} onClick={() => act(confirm)}>
              {power.isPending ? "Sending…" : `Yes, ${confirm} ${vm}`}
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
