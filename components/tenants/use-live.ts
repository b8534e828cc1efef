"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useSessionStream } from "@/components/resource/use-session-stream";

/** Pushes the tenant list from the server's watch cache into the list query. Returns the connection status. */
export function useLiveTenantList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useSessionStream(useSubscription(trpc.tenants.watchList.subscriptionOptions(undefined, { onData: (d) => qc.setQueryData(trpc.tenants.list.queryKey(), d) }))).status;
}

/** Same for one tenant's detail. */
export function useLiveTenant(name: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useSessionStream(useSubscription(
    trpc.tenants.watch.subscriptionOptions({ name }, { onData: (d) => qc.setQueryData(trpc.tenants.byName.queryKey({ name }), d) }),
  )).status;
}
