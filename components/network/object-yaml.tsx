"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";

/** Refs that name an object of the under cluster (not an assumption or the engine's input). */
export const isObjectRef = (ref?: string) => !!ref && !ref.startsWith("Assumption/") && ref !== "Input" && /^[A-Za-z]+\/[a-z0-9.-]+(\/[a-z0-9.-]+)?$/.test(ref);

/**
 * A reason's object, as a link that opens its YAML (read from the console's watch caches by network.object,
 * with the caller's scope; credentials redacted; never a Secret). `path` is the field the reason points at.
 */
export function ObjectLink({ objectRef, path }: { objectRef: string; path?: string }) {
  const t = useTranslations("network.yaml");
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const q = useQuery({ ...trpc.network.object.queryOptions({ ref: objectRef }), enabled: open });
  const text = `${objectRef}${path ? ` ${path}` : ""}`;
  if (!isObjectRef(objectRef)) return <span className="font-mono">{text}</span>;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <button type="button" className="font-mono text-accent underline-offset-2 hover:underline" aria-label={t("open", { ref: text })}>{text}</button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl">
        <DialogTitle className="font-mono text-base">{objectRef}</DialogTitle>
        <DialogDescription>{path ? t("field", { path }) : t("whole")}</DialogDescription>
        {q.isPending ? <Skeleton className="h-40" aria-busy="true" aria-label={t("loading")} />
          : q.isError ? <p role="alert" className="text-sm text-alarm">{t("error", { message: q.error.message })}</p>
            : <pre tabIndex={0} aria-label={t("yamlLabel", { ref: objectRef })} className="max-h-[60vh] overflow-auto rounded-md bg-surface-sunken p-3 font-mono text-xs">{q.data.yaml}</pre>}
      </DialogContent>
    </Dialog>
  );
}
