import { StatusPill } from "@/components/ui/status-pill";

const LABEL = { connected: "Connected", connecting: "Connecting", disconnected: "Disconnected", unconfigured: "Not configured" } as const;
const TONE = { connected: "ok", connecting: "warn", disconnected: "alarm", unconfigured: "alarm" } as const;

export function ConnectionBadge({ connection, since }: { connection: keyof typeof LABEL; since: string }) {
  return (
    <span role="status" aria-live="polite" data-testid="connection-state">
      <StatusPill tone={TONE[connection]} title={`since ${new Date(since).toLocaleString()}`}>
        {LABEL[connection]}
      </StatusPill>
    </span>
  );
}
