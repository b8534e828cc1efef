"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage, FormRootMessage } from "@/components/ui/form";
import { NumberInput } from "@/components/ui/number-input";
import { SetWorkerReplicasSchema } from "@/lib/schemas/tenant";

const Schema = SetWorkerReplicasSchema.pick({ replicas: true });

/**
 * Scales one pool. The toast says "Scaling … to n…" until the pool has n ready workers, then turns into a
 * success that goes by itself (or into the failure, if the request is refused).
 */
export function ScalePool({ name, pool, replicas, ready }: { name: string; pool: string; replicas: number; ready: number }) {
  const t = useTranslations("tenants.scale");
  const trpc = useTRPC();
  const toastId = `scale-${name}-${pool}`;
  const [target, setTarget] = useState<number>();
  const form = useForm({ resolver: zodResolver(Schema), values: { replicas } });
  const scale = useMutation(trpc.tenants.setWorkerReplicas.mutationOptions({
    onSuccess: (_d, v) => setTarget(v.replicas),
    onError: (err) => showMutationError(err, { form, toastId, title: t("failed", { pool }) }),
  }));

  useEffect(() => {
    if (target === undefined || replicas !== target || ready !== target) return;
    toast.success(t("done", { pool, name, target }), { id: toastId });
    setTarget(undefined);
  }, [target, replicas, ready, pool, name, toastId, t]);
  // Leaving the page while scaling: the work goes on, but the toast must not spin forever.
  const pending = useRef<number>(undefined);
  pending.current = target;
  useEffect(() => () => {
    if (pending.current !== undefined) toast.info(t("goesOn", { pool, name, target: pending.current }), { id: toastId });
    // The translator of the first render: a change of language is no reason to leave.
  }, [pool, name, toastId]);

  const submit = form.handleSubmit(({ replicas: n }) => {
    toast.loading(t("scaling", { pool, name, target: n }), { id: toastId });
    scale.mutate({ name, pool, replicas: n });
  });
  const busy = scale.isPending || target !== undefined;
  return (
    <Form {...form}>
      <form className="flex flex-wrap items-end gap-2" noValidate onSubmit={submit}>
        <FormField control={form.control} name="replicas" render={({ field }) => (
          <FormItem id={`scale-${pool}`}>
            <FormLabel className="font-normal text-fg-muted">{t("label", { pool })}</FormLabel>
            <FormControl><NumberInput className="w-24" min={0} max={100} {...field} /></FormControl>
            <FormMessage />
          </FormItem>
        )} />
        <Button type="submit" variant="secondary" disabled={busy || form.watch("replicas") === replicas}>{busy ? t("busy", { ready, target: target ?? "?" }) : t("submit")}</Button>
        <FormRootMessage className="w-full" />
      </form>
    </Form>
  );
}
