"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

export function ScalePool({ name, pool, replicas }: { name: string; pool: string; replicas: number }) {
  const trpc = useTRPC();
  const [value, setValue] = useState(replicas);
  const toast = useToast();
  const scale = useMutation(trpc.tenants.setWorkerReplicas.mutationOptions({
    onSuccess: () => toast(`Scaling pool ${pool} of ${name} to ${value}`), onError: (e) => toast(e.message, "alarm"),
  }));
  const id = `scale-${pool}`;
  return (
    <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); scale.mutate({ name, pool, replicas: value }); }}>
      <div>
        <label htmlFor={id} className="block text-sm text-fg-muted">Workers in pool {pool}</label>
        <input id={id} type="number" min={0} max={100} className="w-24 rounded-md border border-border bg-surface px-3 py-2 text-sm" value={value} onChange={(e) => setValue(Number(e.target.value))} />
      </div>
      <Button type="submit" variant="secondary" disabled={scale.isPending || value === replicas}>{scale.isPending ? "Scaling…" : "Scale"}</Button>
      {scale.isError && <p role="alert" className="w-full text-sm text-alarm">{scale.error.message}</p>}
      {scale.isSuccess && <p role="status" className="w-full text-sm text-fg-muted">Scaling to {value}…</p>}
    </form>
  );
}
