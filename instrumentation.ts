// Runs once when the console's server starts: the shared watch caches begin syncing at once, so the
// first page view reads a warm cache instead of waiting for a large initial LIST (the CRDs alone are ~7 MB).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { underClusterMonitor } = await import("@/server/services/under-cluster");
    const { tenantCaches } = await import("@/server/services/tenants");
    underClusterMonitor();
    tenantCaches();
  } catch (err) {
    // No under cluster configured yet: the pages say so; nothing to warm.
    console.error(`kmetal: could not start the watch caches: ${(err as Error).message}`);
  }
}
