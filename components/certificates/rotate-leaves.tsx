"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/**
 * Leaf rotation for platform admins: new leaf certificates from the same CA; the CA, the service-account keys and
 * every kubeconfig already handed out stay valid. Progress (pushed with the PKI) shows until every leaf is done.
 */
export function RotateLeaves({ name, rotation }: { name: string; rotation?: { requested: number; pending: number } }) {
  const t = useTranslations("certificates.rotate");
  const trpc = useTRPC();
  const rotate = useMutation(trpc.certificates.rotateLeaves.mutationOptions({ onError: (e) => showMutationError(e, { title: t("failed") }) }));
  const running = !!rotation && rotation.pending > 0;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Dialog>
        <DialogTrigger asChild>
          <Button variant="secondary" disabled={running || rotate.isPending}>{t("open")}</Button>
        </DialogTrigger>
        <DialogContent>
          <DialogTitle>{t("title", { name })}</DialogTitle>
          <DialogDescription>{t("description")}</DialogDescription>
          <DialogFooter>
            <DialogClose asChild><Button variant="secondary">{t("cancel")}</Button></DialogClose>
            <DialogClose asChild><Button onClick={() => rotate.mutate({ name })}>{t("confirm")}</Button></DialogClose>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      {rotation && rotation.requested > 0 && (
        <div className="flex items-center gap-2 text-sm" role="status" aria-live="polite">
          <progress max={rotation.requested} value={rotation.requested - rotation.pending} className="h-2 w-32 accent-accent" aria-label={t("progressLabel")} />
          <span>{running ? t("progress", { done: rotation.requested - rotation.pending, total: rotation.requested }) : t("done", { total: rotation.requested })}</span>
        </div>
      )}
    </div>
  );
}
