import { StatusPill } from "@/components/ui/status-pill";

const TONE: Record<string, "ok" | "warn" | "alarm" | "neutral"> = {
  Ready: "ok", Updating: "neutral", Provisioning: "warn", Pending: "neutral", Deleting: "neutral", Degraded: "alarm", Refused: "alarm",
};

/** A tenant's phase; an Updating tenant (still serving) also says what it does, e.g. "Updating · Scaling 2/3". */
export function PhaseBadge({ phase, activity }: { phase: string; activity?: string }) {
  return <StatusPill tone={TONE[phase] ?? "neutral"}>{phase}{phase === "Updating" && activity ? ` · ${activity}` : ""}</StatusPill>;
}
