import { metricsResponse } from "@/server/api/metrics";

export const dynamic = "force-dynamic";

// /metrics in Prometheus format, for a bearer token only (see server/api/metrics.ts).
export const GET = (req: Request) => metricsResponse(req);
