"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useSessionStream } from "@/components/resource/use-session-stream";
import { applyListMessage } from "@/lib/live/list-diff";
import { compareSummaries, summaryKey } from "@/lib/tenants/summary";

/** Pushes the tenant list from the server's watch cache into the list query. Returns the connection status. */
export function useLiveTenantList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  // The first message of each connection is the whole list, later ones only what changed.
  return useSessionStream(useSubscription(trpc.tenants.watchList.subscriptionOptions(undefined, {
    onData: (msg) => qc.setQueryData(trpc.tenants.list.queryKey(), (rows) => applyListMessage(rows, msg, summaryKey, compareSummaries)),
  }))).status;
}

/** Same for one tenant's detail. */
export function useLiveTenant(name: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useSessionStream(useSubscription(
    trpc.tenants.watch.subscriptionOptions({ name }, { onData: (d) => qc.setQueryData(trpc.tenants.byName.queryKey({ name }), d) }),
  )).status;
}
