"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useSessionStream } from "@/components/resource/use-session-stream";
import { classify, countStates, nextStateChange, type ClassifiedCertificate, type ExpiryThresholds } from "@/lib/certificates/inventory";

/** The earliest moment a state among `certs` changes by time alone. */
function nextChange(certs: readonly ClassifiedCertificate[], now: number, t: ExpiryThresholds): number | undefined {
  let next: number | undefined;
  for (const c of certs) {
    const at = nextStateChange(c.notAfter ? Date.parse(c.notAfter) : undefined, now, t);
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}

/**
 * The pushed inventory, classified against this browser's clock: the server pushes every change of the
 * certificates; a state that changes by time alone (a certificate entering warning) is recomputed here when
 * it happens, with a timer set to that moment (no request is made).
 */
function useClassified(data: { certificates: ClassifiedCertificate[]; thresholds: ExpiryThresholds } | undefined) {
  const [now, setNow] = useState(() => Date.now());
  const certificates = useMemo(() => (data ? classify(data.certificates, now, data.thresholds) : undefined), [data, now]);
  useEffect(() => {
    if (!data || !certificates) return;
    const at = nextChange(certificates, now, data.thresholds);
    if (at === undefined) return;
    // setTimeout's limit is about 24.8 days; a later change is picked up by a later timer.
    const timer = setTimeout(() => setNow(Date.now()), Math.min(Math.max(0, at - Date.now()) + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [data, certificates, now]);
  return certificates && { certificates, counts: countStates(certificates) };
}

/** The fleet inventory the caller may see, live. */
export function useFleetCertificates() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const query = useQuery(trpc.certificates.list.queryOptions());
  const live = useSessionStream(useSubscription(trpc.certificates.watch.subscriptionOptions(undefined, {
    onData: (d) => qc.setQueryData(trpc.certificates.list.queryKey(), d),
  }))).status;
  return { query, live, view: useClassified(query.data) };
}

/** One tenant's PKI, live. */
export function useTenantCertificates(name: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const query = useQuery(trpc.certificates.tenant.queryOptions({ name }));
  const live = useSessionStream(useSubscription(trpc.certificates.watchTenant.subscriptionOptions({ name }, {
    onData: (d) => qc.setQueryData(trpc.certificates.tenant.queryKey({ name }), d),
  }))).status;
  return { query, live, view: useClassified(query.data) };
}

/** Subscription-only variant for the navigation's alarm badge (no initial query on every page). */
export function useCertificateAlarm() {
  const trpc = useTRPC();
  const sub = useSubscription(trpc.certificates.watch.subscriptionOptions());
  return useClassified(sub.data)?.counts;
}
