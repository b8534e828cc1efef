import { StatusPill } from "@/components/ui/status-pill";

/** Says plainly what the embedded mode does not run for real. */
export function SimulatedBadge({ what }: { what: string }) {
  return (
    <StatusPill tone="warn" title={`${what} is simulated by the local provider of the embedded mode`}>
      Simulated: {what}
    </StatusPill>
  );
}
