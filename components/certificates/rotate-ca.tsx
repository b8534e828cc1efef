"use client";

import { useMutation } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { CA_ROTATION_PHASES, canCompleteCaRotation, canStartCaRotation, type CaRotationStatus } from "@/lib/tenants/ca-rotation";

const TIMES = ["lastInitiationTime", "lastInitiationFinishedTime", "lastCompletionTriggeredTime", "lastCompletionTime"] as const;

/** One confirmed step of the rotation: a button that opens a dialog saying what the step does. */
function StepButton({ label, title, description, confirm, cancel, disabled, onConfirm, danger }: {
  label: string; title: string; description: string; confirm: string; cancel: string; disabled: boolean; onConfirm: () => void; danger?: boolean;
}) {
  return (
    <Dialog>
      <DialogTrigger asChild><Button variant="secondary" disabled={disabled}>{label}</Button></DialogTrigger>
      <DialogContent>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
        <DialogFooter>
          <DialogClose asChild><Button variant="secondary">{cancel}</Button></DialogClose>
          <DialogClose asChild><Button className={danger ? "bg-alarm text-accent-fg hover:bg-alarm/90" : undefined} onClick={onConfirm}>{confirm}</Button></DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/**
 * The tenant CA's rotation in its four phases (Gardener's): where it stands, when each phase was reached, and
 * the next step for platform admins, each behind a confirmation. The phase comes with the pushed PKI view.
 */
export function RotateCa({ name, rotation, canAct }: { name: string; rotation?: CaRotationStatus; canAct: boolean }) {
  const t = useTranslations("certificates.rotateCa");
  const format = useFormatter();
  const trpc = useTRPC();
  const step = useMutation(trpc.certificates.rotateCa.mutationOptions({ onError: (e) => showMutationError(e, { title: t("failed") }) }));
  const current = rotation ? CA_ROTATION_PHASES.indexOf(rotation.phase) : -1;
  return (
    <Card aria-labelledby="ca-rotation-title">
      <CardTitle id="ca-rotation-title">{t("title")}</CardTitle>
      <p className="mb-3 text-sm text-fg-muted">{t("intro")}</p>
      {rotation ? (
        <>
          <ol aria-label={t("phasesLabel")} className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            {CA_ROTATION_PHASES.map((phase, i) => (
              <li key={phase} aria-current={i === current ? "step" : undefined}
                className={`rounded-full border px-3 py-1 ${i === current ? "border-accent bg-accent/10 font-semibold text-fg" : i < current ? "border-border text-fg" : "border-dashed border-border text-fg-muted"}`}>
                {t(`phases.${phase}`)}{i === current && <span className="sr-only"> ({t("current")})</span>}
              </li>
            ))}
          </ol>
          <p className="mb-2 text-sm" role="status" aria-live="polite">{t(`phaseHelp.${rotation.phase}`)}</p>
          <dl className="mb-3 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
            {TIMES.filter((k) => rotation[k]).map((k) => (
              <div key={k} className="contents">
                <dt className="text-fg-muted">{t(`times.${k}`)}</dt>
                <dd><time dateTime={rotation[k]}>{format.dateTime(new Date(rotation[k]!), { dateStyle: "medium", timeStyle: "medium" })}</time></dd>
              </div>
            ))}
          </dl>
        </>
      ) : <p className="mb-3 text-sm">{t("never")}</p>}
      {canAct && (
        <div className="flex flex-wrap gap-3">
          <StepButton label={t("start")} title={t("startTitle", { name })} description={t("startDescription")} confirm={t("startConfirm")} cancel={t("cancel")}
            disabled={!canStartCaRotation(rotation) || step.isPending} onConfirm={() => step.mutate({ name, step: "start" })} />
          <StepButton danger label={t("complete")} title={t("completeTitle", { name })} description={t("completeDescription")} confirm={t("completeConfirm")} cancel={t("cancel")}
            disabled={!canCompleteCaRotation(rotation) || step.isPending} onConfirm={() => step.mutate({ name, step: "complete" })} />
        </div>
      )}
    </Card>
  );
}
