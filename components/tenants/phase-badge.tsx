import { StatusPill } from "@/components/ui/status-pill";

const TONE: Record<string, "ok" | "warn" | "alarm" | "neutral"> = {
  Ready: "ok", Provisioning: "warn", Pending: "neutral", Deleting: "neutral", Degraded: "alarm", Refused: "alarm",
};

export function PhaseBadge({ phase }: { phase: string }) {
  return <StatusPill tone={TONE[phase] ?? "neutral"}>{phase}</StatusPill>;
}
