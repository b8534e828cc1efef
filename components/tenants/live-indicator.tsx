"use client";

import { useRef } from "react";
import { StatusPill } from "@/components/ui/status-pill";

/**
 * Live-update connection state. Before the first connection the page shows fresh data from its own query, so
 * it only says "Connecting…"; once a connection was up and is lost, the data on screen may be stale, and says so.
 */
export function LiveIndicator({ status }: { status: "idle" | "connecting" | "pending" | "error" }) {
  const wasLive = useRef(false);
  if (status === "pending") wasLive.current = true;
  if (status === "pending") return <StatusPill tone="ok" role="status">Live</StatusPill>;
  if (!wasLive.current && status !== "error") return <StatusPill tone="neutral" role="status">Connecting…</StatusPill>;
  return (
    <StatusPill tone="warn" role="status">
      {status === "connecting" ? "Reconnecting…" : "Offline"}: data may be stale
    </StatusPill>
  );
}
