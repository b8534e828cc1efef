"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** Deleting destroys a whole cluster: list what goes, and make the user type the name. */
export function DeleteTenant({ name, workers }: { name: string; workers: string[] }) {
  const t = useTranslations("tenants.delete");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const del = useMutation(trpc.tenants.delete.mutationOptions({
    onSuccess: () => {
      // The list in the cache is from before the delete. Mark the tenant Deleting there now, so the list we go
      // back to never shows it as it was; the watch removes it once its finalizers have run.
      qc.setQueryData(trpc.tenants.list.queryKey(), (old) => old?.map((t) => (t.name === name ? { ...t, phase: "Deleting" as const } : t)));
      qc.removeQueries({ queryKey: trpc.tenants.byName.queryKey({ name }) });
      toast.success(t("deleting", { name }));
      router.push("/tenants");
    },
    onError: (e) => showMutationError(e, { title: t("failed", { name }) }),
  }));
  return (
    <Dialog onOpenChange={(o) => { if (!o) setTyped(""); }}>
      <DialogTrigger asChild>
        <Button variant="secondary" className="text-alarm">{t("open")}</Button>
      </DialogTrigger>
      <DialogContent tone="alarm">
        <DialogTitle className="text-alarm">{t("title", { name })}</DialogTitle>
        <DialogDescription asChild>
          <div className="space-y-2">
            <p>{t("intro")}</p>
            <ul className="list-disc pl-5">
              <li>{t("controlPlane")}</li>
              <li>{t("workers", { count: workers.length, names: workers.join(", ") })}</li>
              <li>{t("network", { namespace: `tenant-${name}` })}</li>
            </ul>
          </div>
        </DialogDescription>
        <div className="space-y-1">
          <Label htmlFor="del-confirm" className="font-normal">{t.rich("confirm", { name, strong: (chunks) => <strong>{chunks}</strong> })}</Label>
          <Input id="del-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <DialogFooter>
          <DialogClose asChild><Button variant="ghost">{t("cancel")}</Button></DialogClose>
          <Button className="bg-alarm text-accent-fg hover:bg-alarm/90" disabled={typed !== name || del.isPending} onClick={() => del.mutate({ name })}>
            {del.isPending ? t("pending") : t("submit")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
