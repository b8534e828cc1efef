"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { inferRouterOutputs } from "@trpc/server";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { ObjectLink } from "@/components/network/object-yaml";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage, FormRootMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { serverFieldErrors } from "@/lib/forms/server-errors";
import { TRACE_PROTOCOLS, TraceQuerySchema, type TraceQueryInput } from "@/lib/schemas/network";
import type { AppRouter } from "@/server/api/root";

const SOURCE_KINDS = ["tenant", "subnet", "vm", "ip"] as const;
const DEST_KINDS = ["tenant", "subnet", "vm", "ip", "platform", "external"] as const;
/** Shown at most; the rest are counted (a tenant with many subnets has many address ranges). */
const MAX_PATHS = 12;

/**
 * "Can A reach B?": a source (tenant, subnet, VM or IP), a destination (the same, or platform, external), a
 * protocol and port, checked with the schema network.trace uses; the answer is the engine's trace (the same as
 * `kmetal policy-trace`): the verdict and, per address range, every hop with the object and field that decided
 * it, then the reply path.
 */
export function TraceForm({ tenants }: { tenants: string[] }) {
  const t = useTranslations("network.trace");
  const trpc = useTRPC();
  const [query, setQuery] = useState<TraceQueryInput>();
  const form = useForm<TraceQueryInput>({
    resolver: zodResolver(TraceQuerySchema),
    defaultValues: { from: { kind: "tenant", value: tenants[0] ?? "" }, to: { kind: "platform", value: "" }, protocol: "tcp", port: 443 },
  });
  const fromKind = useWatch({ control: form.control, name: "from.kind" });
  const toKind = useWatch({ control: form.control, name: "to.kind" });
  const protocol = useWatch({ control: form.control, name: "protocol" });
  const result = useQuery({ ...trpc.network.trace.queryOptions(query!), enabled: !!query, retry: false });
  const problems = result.isError ? serverFieldErrors(result.error) : {};
  const serverProblem = result.isError ? [Object.values(problems)[0] ?? result.error.message].flat().join("; ") : undefined;

  const sideFields = (side: "from" | "to", kinds: readonly (typeof DEST_KINDS)[number][], kind: string) => (
    <fieldset className="space-y-2 rounded-md border border-border p-3">
      <legend className="px-1 text-sm font-medium">{t(side === "from" ? "source" : "destination")}</legend>
      <FormField control={form.control} name={`${side}.kind`} render={({ field }) => (
        <FormItem id={`trace-${side}-kind`}>
          <FormLabel>{t("kind")}</FormLabel>
          <FormControl>
            <NativeSelect {...field} onChange={(e) => { field.onChange(e.target.value); form.setValue(`${side}.value`, e.target.value === "tenant" ? tenants[0] ?? "" : ""); }} className="w-full">
              {kinds.map((k) => <option key={k} value={k}>{t(`kinds.${k as (typeof DEST_KINDS)[number]}`)}</option>)}
            </NativeSelect>
          </FormControl>
        </FormItem>
      )} />
      {kind !== "platform" && kind !== "external" && (
        <FormField control={form.control} name={`${side}.value`} render={({ field }) => (
          <FormItem id={`trace-${side}-value`}>
            <FormLabel>{t(`valueLabel.${kind as "tenant" | "subnet" | "vm" | "ip"}`)}</FormLabel>
            <FormControl>
              {kind === "tenant"
                ? <NativeSelect {...field} value={field.value ?? ""} className="w-full">{tenants.map((n) => <option key={n} value={n}>{n}</option>)}</NativeSelect>
                : <Input {...field} value={field.value ?? ""} spellCheck={false} placeholder={t(`placeholder.${kind as "subnet" | "vm" | "ip"}`)} />}
            </FormControl>
            <FormMessage />
          </FormItem>
        )} />
      )}
      <FormField control={form.control} name={side} render={() => <FormItem><FormMessage /></FormItem>} />
    </fieldset>
  );

  return (
    <div className="space-y-4">
      <Card aria-labelledby="trace-title">
        <Form {...form}>
          <form noValidate className="space-y-3" onSubmit={form.handleSubmit((v) => setQuery(TraceQuerySchema.parse(v)))}>
            <CardTitle id="trace-title">{t("title")}</CardTitle>
            <FormRootMessage />
            <div className="grid gap-3 md:grid-cols-2">
              {sideFields("from", SOURCE_KINDS, fromKind)}
              {sideFields("to", DEST_KINDS, toKind)}
            </div>
            <div className="flex flex-wrap items-start gap-3">
              <FormField control={form.control} name="protocol" render={({ field }) => (
                <FormItem id="trace-protocol">
                  <FormLabel>{t("protocol")}</FormLabel>
                  <FormControl><NativeSelect {...field}>{TRACE_PROTOCOLS.map((p) => <option key={p} value={p}>{p}</option>)}</NativeSelect></FormControl>
                </FormItem>
              )} />
              {["tcp", "udp", "sctp"].includes(protocol) && (
                <FormField control={form.control} name="port" render={({ field }) => (
                  <FormItem id="trace-port">
                    <FormLabel>{t("port")}</FormLabel>
                    <FormControl>
                      <Input type="number" min={1} max={65535} className="w-28" ref={field.ref} name={field.name} onBlur={field.onBlur}
                        value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value === "" ? undefined : Number(e.target.value))} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )} />
              )}
            </div>
            <Button type="submit">{t("submit")}</Button>
          </form>
        </Form>
      </Card>
      {query && (
        <Card aria-labelledby="trace-result-title" aria-live="polite">
          <CardTitle id="trace-result-title">{t("resultTitle")}</CardTitle>
          {result.isPending ? <Skeleton className="h-24" aria-busy="true" aria-label={t("loading")} />
            : result.isError ? <p role="alert" className="text-sm text-alarm">{t("error", { message: serverProblem ?? "" })}</p>
              : <TraceResultView data={result.data} />}
        </Card>
      )}
    </div>
  );
}

type TraceData = inferRouterOutputs<AppRouter>["network"]["trace"];

function TraceResultView({ data }: { data: TraceData }) {
  const t = useTranslations("network.trace");
  const tone = data.verdict === "connection" ? "alarm" : data.verdict === "blocked" ? "ok" : "warn";
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <StatusPill tone={tone}>{t(`verdicts.${data.verdict}`)}</StatusPill>
        <span className="font-mono text-xs text-fg-muted">kmetal policy-trace --from {data.query.from} --to {data.query.to} --port {data.query.port}</span>
      </p>
      {data.paths.length > MAX_PATHS && <p className="text-xs text-fg-muted">{t("morePaths", { shown: MAX_PATHS, count: data.paths.length })}</p>}
      <ol className="space-y-3">
        {data.paths.slice(0, MAX_PATHS).map((p, i) => {
          const forward = p.hops.filter((h) => !h.step.startsWith("reply"));
          const reply = p.hops.filter((h) => h.step.startsWith("reply"));
          return (
            <li key={i} className="rounded-md border border-border p-3">
              <p className="mb-2 flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">{p.from}</span><span aria-hidden>→</span><span className="sr-only">{t("to")}</span><span className="font-medium">{p.to}</span>
                <span className="font-mono text-xs text-fg-muted">{p.src} → {p.dst}</span>
                <StatusPill tone={p.result === "connection" ? "alarm" : p.result === "oneway" ? "warn" : "ok"}>{t(`verdicts.${p.result}`)}</StatusPill>
              </p>
              <h4 className="text-xs font-medium text-fg-muted">{t("forward")}</h4>
              <Hops hops={forward} />
              <h4 className="mt-2 text-xs font-medium text-fg-muted">{t("reply")}</h4>
              {reply.length ? <Hops hops={reply} /> : <p className="text-xs text-fg-muted">{p.result === "blocked" ? t("noReplyBlocked") : t("replySwitched")}</p>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function Hops({ hops }: { hops: TraceData["paths"][number]["hops"] }) {
  return (
    <ol className="ml-4 list-decimal space-y-0.5 text-xs">
      {hops.map((h, i) => (
        <li key={i}>
          <span className="font-medium">{h.step}</span>
          {h.ref && <> · <ObjectLink objectRef={h.ref} path={h.path} /></>}
          {h.detail && <span className="text-fg-muted"> · {h.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
