"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

type Action = "start" | "stop" | "restart";

/** Start acts at once; Stop and Restart interrupt a tenant's workloads, so they ask first. */
export function VmActions({ name, vm, running }: { name: string; vm: string; running: boolean }) {
  const t = useTranslations("tenants.vm");
  const trpc = useTRPC();
  const [confirm, setConfirm] = useState<"stop" | "restart" | null>(null);
  const power = useMutation(trpc.tenants.vmPower.mutationOptions({
    onSuccess: (_d, v) => { toast.success(t(`${v.action}.requested`, { vm })); setConfirm(null); },
    onError: (e, v) => showMutationError(e, { title: t(`${v.action}.failed`, { vm }) }),
  }));
  const act = (action: Action) => power.mutate({ name, vm, action });
  if (!running) return <Button size="sm" variant="ghost" aria-label={t("start.label", { vm })} disabled={power.isPending} onClick={() => act("start")}>{t("start.verb")}</Button>;
  return (
    <Dialog open={confirm !== null} onOpenChange={(o) => { if (!o) setConfirm(null); }}>
      <div className="flex gap-1">
        {(["stop", "restart"] as const).map((a) => (
          <DialogTrigger key={a} asChild>
            <Button size="sm" variant="ghost" aria-label={t(`${a}.label`, { vm })} disabled={power.isPending} onClick={() => setConfirm(a)}>{t(`${a}.verb`)}</Button>
          </DialogTrigger>
        ))}
      </div>
      {confirm && (
        <DialogContent tone="alarm" onOpenAutoFocus={(e) => { e.preventDefault(); document.getElementById(`vm-cancel-${vm}`)?.focus(); }}>
          <DialogTitle>{t(`${confirm}.title`, { vm })}</DialogTitle>
          <DialogDescription>{t(`${confirm}.consequence`)}</DialogDescription>
          <DialogFooter>
            <DialogClose asChild><Button id={`vm-cancel-${vm}`} variant="ghost">{t("cancel")}</Button></DialogClose>
            <Button className="bg-alarm text-accent-fg hover:bg-alarm/90" disabled={power.isPending} onClick={() => act(confirm)}>
              {power.isPending ? t("sending") : t(`${confirm}.confirm`, { vm })}
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
