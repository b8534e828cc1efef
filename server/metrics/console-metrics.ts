import "server-only";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { OpenCounter } from "@/lib/authz/token-bucket";
import { WATCHED, type CacheName, type CacheRegistry } from "@/server/kube/cache-registry";

/** What the console's metrics read at each scrape: nothing is counted on the request path. */
export interface MetricsSources {
  caches: CacheRegistry;
  streams?: OpenCounter;
}

/** Extra gauges other parts register (policy violations, certificate expiry, quota usage): each reads its own state at scrape time. */
export type MetricsExtension = (registry: Registry) => void;

/**
 * The console's Prometheus registry: tenants by phase, watch-cache health, open live streams, audit log
 * size, plus the Node.js process metrics. Values are read from the watch caches when Prometheus scrapes.
 */
export function consoleMetrics(src: MetricsSources, extensions: MetricsExtension[] = []): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kmetal_console_" });
  const started = (n: CacheName) => src.caches.has(n);

  new Gauge({
    name: "kmetal_tenants", help: "Tenants by phase, from the console's watch cache.", labelNames: ["phase"], registers: [registry],
    collect() {
      this.reset();
      if (!started("tenants")) return;
      for (const t of src.caches.get("tenants").list()) this.inc({ phase: t.metadata.deletionTimestamp ? "Deleting" : t.status?.phase ?? "Pending" });
    },
  });
  const cacheGauge = (name: string, help: string, value: (s: ReturnType<CacheRegistry["get"]>["state"]) => number | undefined) =>
    new Gauge({
      name, help, labelNames: ["resource"], registers: [registry],
      collect() {
        this.reset();
        for (const n of Object.keys(WATCHED) as CacheName[]) {
          // A view is no watch of its own: its source cache reports.
          if (!started(n) || "view" in WATCHED[n]) continue;
          const v = value(src.caches.get(n).state);
          if (v !== undefined) this.set({ resource: WATCHED[n].model.plural }, v);
        }
      },
    });
  cacheGauge("kmetal_watch_cache_synced", "1 when the watch cache has loaded a full list.", (s) => (s.synced ? 1 : 0));
  cacheGauge("kmetal_watch_cache_connected", "1 while the watch is open.", (s) => (s.connected ? 1 : 0));
  cacheGauge("kmetal_watch_restarts", "Watches restarted after an error or a stall since the console started.", (s) => s.restarts);
  cacheGauge("kmetal_watch_relists", "Full lists (first sync and after 410 Gone) since the console started.", (s) => s.relists);
  cacheGauge("kmetal_watch_cache_age_seconds", "Seconds since the cache last heard from the API server (event, bookmark or list).",
    (s) => (s.lastHeardAt ? (Date.now() - s.lastHeardAt) / 1000 : undefined));
  new Gauge({
    name: "kmetal_live_streams_open", help: "Live views (server-sent event streams) open on this console process.", registers: [registry],
    collect() {
      this.set(src.streams?.total ?? 0);
    },
  });
  new Gauge({
    name: "kmetal_audit_records", help: "Audit records kept (after retention).", registers: [registry],
    collect() {
      this.set(started("audit") ? src.caches.get("audit").list().length : 0);
    },
  });
  for (const extend of extensions) extend(registry);
  return registry;
}
