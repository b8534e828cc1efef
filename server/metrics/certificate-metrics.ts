import "server-only";
import { Gauge, type Registry } from "prom-client";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import { assertInventoryAllowed, certificateInventory } from "@/server/services/certificates";

/** The metrics reader sees the whole fleet, like a platform viewer. */
const METRICS_READER = { name: "kmetal-metrics", roles: ["platform-viewer" as const] };

/**
 * kmetal_certificate_expiry_timestamp_seconds{tenant,kind}: when the soonest-ending certificate of each kind
 * of each tenant PKI ends (tenant "" for the under cluster's own), read from the watch cache at scrape time.
 * Key pairs, which do not end, have no series. Alert on `… - time() < 7 * 86400`.
 */
export const certificateExpiry = (caches: () => CacheRegistry) => (registry: Registry) => {
  new Gauge({
    name: "kmetal_certificate_expiry_timestamp_seconds", help: "Unix time at which the soonest-ending certificate of this kind of this tenant's PKI expires.",
    labelNames: ["tenant", "kind"], registers: [registry],
    async collect() {
      this.reset();
      const c = caches();
      if (!(await assertInventoryAllowed(c).then(() => true, () => false))) return;
      if (!c.has("pkiSecrets")) c.get("pkiSecrets"); // the first scrape starts the cache; values follow once it syncs
      if (!c.get("pkiSecrets").state.synced) return;
      const inv = await certificateInventory(c, METRICS_READER);
      const soonest = new Map<string, { tenant: string; kind: string; at: number }>();
      for (const cert of inv.certificates) {
        if (!cert.notAfter) continue;
        const key = `${cert.tenant ?? ""}\u0000${cert.kind}`;
        const at = Date.parse(cert.notAfter) / 1000;
        if (!soonest.has(key) || soonest.get(key)!.at > at) soonest.set(key, { tenant: cert.tenant ?? "", kind: cert.kind, at });
      }
      for (const s of soonest.values()) this.set({ tenant: s.tenant, kind: s.kind }, s.at);
    },
  });
};
