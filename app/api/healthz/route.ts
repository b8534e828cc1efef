// GET /api/healthz – liveness: the server process answers. It does no I/O, so a slow or unreachable under
// cluster never gets a healthy console restarted (readiness, at /api/healthz/ready, reports that instead).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
