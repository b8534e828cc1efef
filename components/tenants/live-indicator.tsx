import { StatusPill } from "@/components/ui/status-pill";

/** Live-update connection state; while not live, the data on screen may be stale and says so. */
export function LiveIndicator({ status }: { status: "idle" | "connecting" | "pending" | "error" }) {
  if (status === "pending") return <StatusPill tone="ok" role="status">Live</StatusPill>;
  return (
    <StatusPill tone="warn" role="status">
      {status === "connecting" ? "Reconnecting…" : "Offline"}: data may be stale
    </StatusPill>
  );
}
