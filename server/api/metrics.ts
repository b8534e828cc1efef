import "server-only";
import crypto from "node:crypto";
import http from "node:http";
import { Gauge, type Registry } from "prom-client";
import { env } from "@/lib/env.js";
import { processLimits } from "@/server/api/trpc";
import { consoleConnection } from "@/server/kube/client";
import { certificateExpiry } from "@/server/metrics/certificate-metrics";
import { consoleMetrics } from "@/server/metrics/console-metrics";
import { fleetMetrics } from "@/server/metrics/fleet-metrics";
import { liveGraph, violationCount } from "@/server/services/policy-graph";

const g = globalThis as unknown as { __kmetalMetrics?: Registry };
/** The console process's registry, made once. */
export const metricsRegistry = () => (g.__kmetalMetrics ??= consoleMetrics({ caches: consoleConnection().caches, streams: processLimits().streams }, [policyViolations, certificateExpiry(() => consoleConnection().caches), fleetMetrics(() => consoleConnection().caches)]));

/** kmetal_policy_violations: tenant → other tenant or tenant → platform edges that are not deny, from the live graph. */
function policyViolations(registry: Registry) {
  new Gauge({
    name: "kmetal_policy_violations", help: "Cross-tenant or tenant-to-platform reachability that the network policy graph finds (not excepted).", registers: [registry],
    collect() {
      const caches = consoleConnection().caches;
      liveGraph(caches);
      this.set(violationCount(caches));
    },
  });
}

const sameToken = (given: string, want: string) => {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(want).digest();
  return crypto.timingSafeEqual(a, b);
};

/**
 * GET /metrics on the console's port: only with `Authorization: Bearer <KMETAL_METRICS_TOKEN>`. Without a
 * configured token the endpoint does not exist (404), so anonymous users of the console never reach it.
 */
export async function metricsResponse(req: Request): Promise<Response> {
  const want = env.KMETAL_METRICS_TOKEN;
  if (!want) return new Response("Not found\n", { status: 404 });
  const given = /^Bearer (.+)$/.exec(req.headers.get("authorization") ?? "")?.[1];
  if (!given || !sameToken(given, want)) return new Response("Unauthorized\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  const registry = metricsRegistry();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}

/** With KMETAL_METRICS_PORT, /metrics also on 127.0.0.1:<port>, without a token (loopback only). */
export function serveLoopbackMetrics(registry: () => Registry, port = env.KMETAL_METRICS_PORT): http.Server | undefined {
  if (!port) return undefined;
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    const r = registry();
    r.metrics().then((text) => res.writeHead(200, { "Content-Type": r.contentType }).end(text), (err: Error) => res.writeHead(500).end(err.message));
  });
  server.on("error", (err) => console.error(`metrics: cannot listen on 127.0.0.1:${port}: ${err.message}`));
  server.listen(port, "127.0.0.1");
  return server;
}
