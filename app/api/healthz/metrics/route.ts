import { health } from "@/app/api/healthz/health";

// GET /api/healthz/metrics – the health of this replica in the Prometheus text format (the chart's optional
// ServiceMonitor scrapes it): readiness, the under cluster's state and each watch cache's.
export const dynamic = "force-dynamic";

const STATES = ["ready", "connected", "connecting", "disconnected", "unconfigured"];

export function GET() {
  const h = health();
  const lines = [
    "# HELP kmetal_console_ready Whether this console replica is ready (under cluster ready, its caches synced).",
    "# TYPE kmetal_console_ready gauge",
    `kmetal_console_ready ${h.ready ? 1 : 0}`,
    "# HELP kmetal_under_cluster_state The console's view of the under cluster's API server (1 for the current state).",
    "# TYPE kmetal_under_cluster_state gauge",
    ...STATES.map((s) => `kmetal_under_cluster_state{state="${s}"} ${h.underCluster === s ? 1 : 0}`),
  ];
  const gauge = (name: string, help: string, value: (c: NonNullable<(typeof h.caches)[keyof typeof h.caches]>) => number, type = "gauge") => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [cache, c] of Object.entries(h.caches)) lines.push(`${name}{cache="${cache}"} ${value(c)}`);
  };
  gauge("kmetal_watch_cache_synced", "Whether the watch cache has loaded a complete list.", (c) => (c.synced ? 1 : 0));
  gauge("kmetal_watch_cache_connected", "Whether the watch cache has a watch open right now.", (c) => (c.connected ? 1 : 0));
  gauge("kmetal_watch_cache_failures", "Consecutive failures of the watch cache since its last healthy watch.", (c) => c.failures);
  gauge("kmetal_watch_cache_lists_total", "Complete lists the watch cache has loaded (1 + relists after lost watches).", (c) => c.relists, "counter");
  return new Response(lines.join("\n") + "\n", { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" } });
}
