import { health } from "@/app/api/healthz/health";

// GET /api/healthz/ready – readiness: the under cluster answers its /readyz and the caches every page reads
// have loaded. A replica that loses the API server stops getting requests; liveness keeps it running.
export const dynamic = "force-dynamic";

export function GET() {
  const h = health();
  const caches = Object.fromEntries(Object.entries(h.caches).map(([n, c]) => [n, c.synced]));
  return Response.json({ ready: h.ready, underCluster: h.underCluster, caches }, { status: h.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
