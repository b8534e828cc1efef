"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage, FormRootMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { NumberInput } from "@/components/ui/number-input";
import { CreateDisplaySchema, type CreateDisplayInput } from "@/lib/schemas/display";

const EMPTY: CreateDisplayInput = { name: "", days: 365 };

/** A new display; its link is shown this once (the console keeps only a hash of it). */
export function CreateDisplayForm() {
  const t = useTranslations("noc.displays.create");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [link, setLink] = useState<{ name: string; url: string }>();
  const form = useForm({ resolver: zodResolver(CreateDisplaySchema), defaultValues: EMPTY });
  const create = useMutation(trpc.displays.create.mutationOptions({
    onSuccess: (d, input) => {
      setLink({ name: input.name, url: new URL(d.path, window.location.origin).toString() });
      form.reset(EMPTY);
      void qc.invalidateQueries(trpc.displays.list.pathFilter());
    },
    onError: (err, input) => showMutationError(err, { form, title: t("failed", { name: input.name }) }),
  }));

  return (
    <div className="space-y-4">
      <Form {...form}>
        <form aria-labelledby="new-display-title" className="space-y-4" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
          <h2 id="new-display-title" className="text-lg font-semibold">{t("title")}</h2>
          <FormRootMessage />
          <div className="grid gap-4 md:grid-cols-2">
            <FormField control={form.control} name="name" render={({ field }) => (
              <FormItem id="new-display-name">
                <FormLabel>{t("name")}</FormLabel>
                <FormControl hasHint><Input autoComplete="off" {...field} /></FormControl>
                <FormDescription>{t("nameHint")}</FormDescription>
                <FormMessage />
              </FormItem>
            )} />
            <FormField control={form.control} name="days" render={({ field }) => (
              <FormItem id="new-display-days">
                <FormLabel>{t("days")}</FormLabel>
                <FormControl hasHint><NumberInput min={1} max={3650} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value} onChange={(v) => field.onChange(v ?? Number.NaN)} /></FormControl>
                <FormDescription>{t("daysHint")}</FormDescription>
                <FormMessage />
              </FormItem>
            )} />
          </div>
          <Button type="submit" disabled={create.isPending}>{create.isPending ? t("pending") : t("submit")}</Button>
        </form>
      </Form>
      {link && (
        <section aria-labelledby="display-link-title" className="space-y-2 rounded-md border border-warn/50 bg-warn/10 p-4">
          <h3 id="display-link-title" className="font-semibold">{t("linkTitle", { name: link.name })}</h3>
          <p className="text-sm">{t("linkOnce")}</p>
          <label htmlFor="display-link" className="sr-only">{t("linkLabel")}</label>
          <Input id="display-link" readOnly value={link.url} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <div className="flex gap-2">
            <Button size="sm" variant="secondary" onClick={() => void navigator.clipboard?.writeText(link.url)}>{t("copy")}</Button>
            <Button size="sm" variant="ghost" onClick={() => setLink(undefined)}>{t("done")}</Button>
          </div>
        </section>
      )}
    </div>
  );
}
