"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import type { LastMessage } from "@/lib/noc/wall";
import { applyWallDiff } from "@/lib/noc/wall-diff";

const code = (err: unknown) => (err as { data?: { code?: string } } | null)?.data?.code;

/**
 * The wall's data: fetched once, then pushed. Reconnects by itself: the event stream reopens after a dropped
 * connection (the console names a 1 s retry), and a stream that ended with an error is opened again after a
 * short wait. Only a refusal (UNAUTHORIZED: the display link was revoked, or the session ended) is final.
 */
export function useWall() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const wall = useQuery(trpc.noc.wall.queryOptions(undefined, { retry: (n, err) => code(err) !== "UNAUTHORIZED" && n < 1_000, retryDelay: 2_000 }));
  const [last, setLast] = useState<LastMessage>();
  const opened = useRef(Date.now());
  const sub = useSubscription(trpc.noc.watchWall.subscriptionOptions(undefined, {
    onData: (m) => {
      if (m.type === "data") {
        const msg = m.data;
        if (msg.kind === "full") qc.setQueryData(trpc.noc.wall.queryKey(), msg.wall);
        else qc.setQueryData(trpc.noc.wall.queryKey(), (old) => (old ? applyWallDiff(old, msg.diff) : old));
      }
      setLast({ receivedAt: Date.now(), serverAt: m.at, connected: m.connected, heardAt: m.heardAt });
    },
  }));
  const refused = code(sub.error) === "UNAUTHORIZED" || code(wall.error) === "UNAUTHORIZED";
  const { status, reset } = sub;
  useEffect(() => {
    if (status !== "error" || refused) return;
    const timer = setTimeout(reset, 2_000);
    return () => clearTimeout(timer);
  }, [status, refused, reset]);
  return { wall, last, openedAt: opened.current, refused, streamStatus: status };
}
