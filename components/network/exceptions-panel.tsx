"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage, FormRootMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { StatusPill } from "@/components/ui/status-pill";
import { Textarea } from "@/components/ui/textarea";
import { ActionDialog } from "@/components/users/action-dialog";
import { nodeLabel } from "@/lib/network/drawing";
import { CreateExceptionSchema, type CreateExceptionInput } from "@/lib/schemas/network";

export interface ExceptionRow {
  name: string;
  from: string;
  to: string;
  reason: string;
  expires?: string;
  who: string;
  createdAt?: string;
  state: "active" | "unused" | "expired";
}

/** ISO time → the value of a datetime-local control (the browser's time zone), and back. */
const toLocal = (iso?: string) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocal = (v: string) => (v ? new Date(v).toISOString() : undefined);

/**
 * Policy exceptions: each with its state (active = it excuses a path that exists, unused = no such path,
 * expired); platform admins create them here (checked with the schema network.createException uses) and
 * remove them after confirming.
 */
export function ExceptionsPanel({ tenants, exceptions, canManage, prefill }: {
  tenants: string[]; exceptions: ExceptionRow[]; canManage: boolean; prefill?: { from: string; to: string; n: number };
}) {
  const t = useTranslations("network.exceptions");
  const format = useFormatter();
  const [removing, setRemoving] = useState<ExceptionRow>();
  return (
    <div className="space-y-4">
      <Card aria-labelledby="exceptions-title">
        <CardTitle id="exceptions-title">{t("title")}</CardTitle>
        <p className="mb-3 text-sm text-fg-muted">{t("intro")}</p>
        {exceptions.length === 0 ? <p className="text-sm text-fg-muted">{t("empty")}</p> : (
          <table className="w-full text-sm" aria-labelledby="exceptions-title">
            <thead className="text-left text-xs text-fg-muted">
              <tr><th scope="col" className="py-1">{t("from")}</th><th scope="col">{t("to")}</th><th scope="col">{t("state")}</th><th scope="col">{t("reason")}</th><th scope="col">{t("expires")}</th><th scope="col">{t("who")}</th>{canManage && <th scope="col"><span className="sr-only">{t("actions")}</span></th>}</tr>
            </thead>
            <tbody>
              {exceptions.map((x) => (
                <tr key={x.name} className="border-t border-border align-top">
                  <th scope="row" className="py-1.5 text-left font-medium">{nodeLabel(x.from)}</th>
                  <td>{nodeLabel(x.to)}</td>
                  <td><StatusPill tone={x.state === "active" ? "ok" : x.state === "unused" ? "warn" : "neutral"}>{t(`states.${x.state}`)}</StatusPill></td>
                  <td className="max-w-xs break-words">{x.reason}</td>
                  <td>{x.expires ? format.dateTime(new Date(x.expires), { dateStyle: "medium", timeStyle: "short" }) : t("never")}</td>
                  <td>{x.who}</td>
                  {canManage && (
                    <td className="text-right">
                      <Button id={`remove-${x.name}`} size="sm" variant="ghost" onClick={() => setRemoving(x)} aria-label={t("removeLabel", { from: nodeLabel(x.from), to: nodeLabel(x.to) })}>{t("remove")}</Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {canManage && <CreateException tenants={tenants} prefill={prefill} />}
      {removing && <RemoveException row={removing} onDone={() => setRemoving(undefined)} />}
    </div>
  );
}

function CreateException({ tenants, prefill }: { tenants: string[]; prefill?: { from: string; to: string; n: number } }) {
  const t = useTranslations("network.exceptions");
  const trpc = useTRPC();
  const empty: CreateExceptionInput = { from: tenants[0] ? `tenant:${tenants[0]}` : "", to: "platform", reason: "", expires: undefined };
  const form = useForm<CreateExceptionInput>({ resolver: zodResolver(CreateExceptionSchema), defaultValues: empty });
  useEffect(() => {
    if (prefill) {
      form.reset({ ...form.getValues(), from: prefill.from, to: prefill.to });
      form.setFocus("reason");
    }
    // Only a new prefill (its counter) moves the form.
  }, [prefill?.n]);
  const create = useMutation(trpc.network.createException.mutationOptions({
    onSuccess: (_d, input) => {
      toast.success(t("created", { from: nodeLabel(input.from), to: nodeLabel(input.to) }));
      form.reset(empty);
    },
    onError: (err) => showMutationError(err, { form, title: t("failed") }),
  }));
  const nodes = [...tenants.map((n) => `tenant:${n}`), "platform"];
  return (
    <Card aria-labelledby="new-exception-title">
      <Form {...form}>
        <form noValidate className="space-y-3" onSubmit={form.handleSubmit((v) => create.mutate(v))}>
          <CardTitle id="new-exception-title">{t("newTitle")}</CardTitle>
          <FormRootMessage />
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField control={form.control} name="from" render={({ field }) => (
              <FormItem id="exception-from">
                <FormLabel>{t("from")}</FormLabel>
                <FormControl><NativeSelect {...field} className="w-full">{tenants.map((n) => <option key={n} value={`tenant:${n}`}>{n}</option>)}</NativeSelect></FormControl>
                <FormMessage />
              </FormItem>
            )} />
            <FormField control={form.control} name="to" render={({ field }) => (
              <FormItem id="exception-to">
                <FormLabel>{t("to")}</FormLabel>
                <FormControl><NativeSelect {...field} className="w-full">{nodes.map((n) => <option key={n} value={n}>{n === "platform" ? t("platform") : nodeLabel(n)}</option>)}</NativeSelect></FormControl>
                <FormMessage />
              </FormItem>
            )} />
          </div>
          <FormField control={form.control} name="reason" render={({ field }) => (
            <FormItem id="exception-reason">
              <FormLabel>{t("reason")}</FormLabel>
              <FormControl hasHint><Textarea rows={2} {...field} /></FormControl>
              <FormDescription>{t("reasonHint")}</FormDescription>
              <FormMessage />
            </FormItem>
          )} />
          <FormField control={form.control} name="expires" render={({ field }) => (
            <FormItem id="exception-expires">
              <FormLabel>{t("expiresOptional")}</FormLabel>
              <FormControl hasHint>
                <Input type="datetime-local" ref={field.ref} name={field.name} onBlur={field.onBlur} value={toLocal(field.value)} onChange={(e) => field.onChange(fromLocal(e.target.value))} className="w-auto" />
              </FormControl>
              <FormDescription>{t("expiresHint")}</FormDescription>
              <FormMessage />
            </FormItem>
          )} />
          <Button type="submit" disabled={create.isPending}>{create.isPending ? t("pending") : t("submit")}</Button>
        </form>
      </Form>
    </Card>
  );
}

function RemoveException({ row, onDone }: { row: ExceptionRow; onDone: () => void }) {
  const t = useTranslations("network.exceptions");
  const trpc = useTRPC();
  const remove = useMutation(trpc.network.deleteException.mutationOptions({
    onSuccess: () => {
      toast.success(t("removed", { from: nodeLabel(row.from), to: nodeLabel(row.to) }));
      onDone();
    },
    onError: (e) => showMutationError(e, { title: t("removeFailed") }),
  }));
  return (
    <ActionDialog open tone="alarm" onOpenChange={(o) => !o && onDone()} returnFocusTo={`remove-${row.name}`}
      title={t("removeTitle", { from: nodeLabel(row.from), to: nodeLabel(row.to) })}
      description={<p>{t("removeBody", { from: nodeLabel(row.from), to: nodeLabel(row.to) })}</p>}>
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="ghost" data-autofocus onClick={onDone}>{t("cancel")}</Button>
        <Button size="sm" className="bg-alarm text-accent-fg hover:bg-alarm/90" disabled={remove.isPending} onClick={() => remove.mutate({ name: row.name })}>
          {remove.isPending ? t("removing") : t("confirmRemove")}
        </Button>
      </div>
    </ActionDialog>
  );
}
