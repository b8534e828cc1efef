// Leader election decisions on a coordination.k8s.io Lease, by client-go's rule: a lease is expired when its
// record has not changed for leaseDuration, measured on OUR clock since WE saw it change. Another host's
// renewTime is never compared with our clock, so clock skew between hosts can neither make a live leader
// look dead (two leaders) nor a dead one look alive (no leader). Pure: the caller passes its monotonic time.

/** The parts of a Lease that decide who leads. */
export interface LeaseRecord {
  holder?: string;
  renewTime?: string;
  durationSeconds?: number;
  resourceVersion?: string;
}

/** The last record we saw change, and our local monotonic time (ms) when we saw it. */
export interface LeaseObservation {
  key: string;
  holder?: string;
  durationMs: number;
  observedAt: number;
}

export type LeaseStep =
  | { do: "create" }
  | { do: "renew" }
  | { do: "takeOver" }
  | { do: "wait"; expiresAt: number };

/** Remembers `record` with the local time of its last change; an unchanged record keeps its first sighting. */
export function observeLease(prev: LeaseObservation | undefined, record: LeaseRecord | undefined, localNow: number, defaultDurationMs: number): LeaseObservation | undefined {
  if (!record) return undefined;
  const key = JSON.stringify([record.holder ?? "", record.renewTime ?? "", record.resourceVersion ?? ""]);
  if (prev?.key === key) return prev;
  const durationMs = record.durationSeconds ? record.durationSeconds * 1000 : defaultDurationMs;
  return { key, holder: record.holder || undefined, durationMs, observedAt: localNow };
}

/** What an elector with `identity` should do now, given the last observation of the lease. */
export function leaseDecision(observed: LeaseObservation | undefined, identity: string, localNow: number): LeaseStep {
  if (!observed) return { do: "create" };
  if (observed.holder === identity) return { do: "renew" };
  if (!observed.holder) return { do: "takeOver" }; // released on purpose: no need to wait
  const expiresAt = observed.observedAt + observed.durationMs;
  return localNow > expiresAt ? { do: "takeOver" } : { do: "wait", expiresAt };
}

/**
 * Whether a leader may still act: only while its last successful renewal is younger than the renew
 * deadline (shorter than the lease), so it stops before anyone else can see its lease expire, even when
 * its renew loop is stalled.
 */
export const stillLeading = (renewedAt: number | undefined, localNow: number, renewDeadlineMs: number) =>
  renewedAt !== undefined && localNow - renewedAt < renewDeadlineMs;
