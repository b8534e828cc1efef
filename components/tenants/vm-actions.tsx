"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

export function VmActions({ name, vm, running }: { name: string; vm: string; running: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const power = useMutation(trpc.tenants.vmPower.mutationOptions({
    onSuccess: (_d, v) => toast(`${v.action[0]!.toUpperCase()}${v.action.slice(1)} requested for ${vm}`), onError: (e) => toast(e.message, "alarm"),
  }));
  const act = (action: "start" | "stop" | "restart") => power.mutate({ name, vm, action });
  return (
    <div className="flex gap-1">
      {running ? (
        <>
          <Button size="sm" variant="ghost" aria-label={`Stop ${vm}`} disabled={power.isPending} onClick={() => act("stop")}>Stop</Button>
          <Button size="sm" variant="ghost" aria-label={`Restart ${vm}`} disabled={power.isPending} onClick={() => act("restart")}>Restart</Button>
        </>
      ) : (
        <Button size="sm" variant="ghost" aria-label={`Start ${vm}`} disabled={power.isPending} onClick={() => act("start")}>Start</Button>
      )}
      {power.isError && <span role="alert" className="text-xs text-alarm">{power.error.message}</span>}
    </div>
  );
}
