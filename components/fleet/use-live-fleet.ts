"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useSessionStream } from "@/components/resource/use-session-stream";

/** Pushes one tenant's quota usage into its query. Returns the connection status. */
export function useLiveTenantUsage(name: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useSessionStream(useSubscription(
    trpc.fleet.watchTenantUsage.subscriptionOptions({ name }, { onData: (d) => qc.setQueryData(trpc.fleet.tenantUsage.queryKey({ name }), d) }),
  )).status;
}

/** Pushes the fleet's usage (every tenant in the caller's scope) into its query. */
export function useLiveFleetUsage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useSessionStream(useSubscription(trpc.fleet.watchUsage.subscriptionOptions(undefined, { onData: (d) => qc.setQueryData(trpc.fleet.usage.queryKey(), d) }))).status;
}

/** Pushes the hypervisors' capacity into its query (platform roles). */
export function useLiveCapacity() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useSessionStream(useSubscription(trpc.fleet.watchCapacity.subscriptionOptions(undefined, { onData: (d) => qc.setQueryData(trpc.fleet.capacity.queryKey(), d) }))).status;
}
