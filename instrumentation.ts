// Runs once when the console's server starts: the shared watch caches begin syncing at once, so the
// first page view reads a warm cache instead of waiting for a large initial LIST (the CRDs alone are ~7 MB),
// and the audit log's retention starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { env } = await import("@/lib/env.js");
    const { consoleConnection } = await import("@/server/kube/client");
    const { underClusterMonitor } = await import("@/server/services/under-cluster");
    const { keepAuditRetention, retentionAgeMs } = await import("@/server/services/audit");
    const conn = consoleConnection();
    underClusterMonitor(conn);
    conn.caches.warm(["tenants", "policies", "vms", "vmis", "subnets", "events", "audit"]);
    // The trends' in-memory history: sampled from these caches once they have synced (the timer does not hold the process).
    const { trendSampler } = await import("@/server/services/trends");
    trendSampler(conn.caches);
    keepAuditRetention(conn.gateway, conn.caches, { maxRecords: env.KMETAL_AUDIT_MAX_RECORDS, maxAgeMs: retentionAgeMs(env.KMETAL_AUDIT_MAX_AGE) });
    const { metricsRegistry, serveLoopbackMetrics } = await import("@/server/api/metrics");
    serveLoopbackMetrics(metricsRegistry);
  } catch (err) {
    // No under cluster configured yet: the pages say so; nothing to warm.
    console.error(`kmetal: could not start the watch caches: ${(err as Error).message}`);
  }
}
