import "server-only";
import crypto from "node:crypto";
import http from "node:http";
import type { Registry } from "prom-client";

const sameToken = (given: string, want: string) =>
  crypto.timingSafeEqual(crypto.createHash("sha256").update(given).digest(), crypto.createHash("sha256").update(want).digest());

/**
 * GET /metrics of `registry` on 127.0.0.1:`port`. With `token`, only for `Authorization: Bearer <token>`
 * (401 otherwise); without, for whoever can reach the loopback port (a scraper on the same host or in the same pod).
 */
export function serveMetrics(registry: () => Registry, o: { port: number; token?: string; log?: (l: string) => void }): http.Server {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    if (o.token) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!given || !sameToken(given, o.token)) {
        res.writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"' }).end("Unauthorized\n");
        return;
      }
    }
    const r = registry();
    r.metrics().then((text) => res.writeHead(200, { "Content-Type": r.contentType, "Cache-Control": "no-store" }).end(text), (err: Error) => res.writeHead(500).end(err.message));
  });
  server.on("error", (err) => o.log?.(`metrics: cannot listen on 127.0.0.1:${o.port}: ${err.message}`));
  server.listen(o.port, "127.0.0.1");
  return server;
}
