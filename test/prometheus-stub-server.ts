import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RangeRequest {
  query: string;
  start: number;
  end: number;
  step: string;
}

/**
 * A tiny HTTP server on 127.0.0.1 that answers GET /api/v1/query_range in Prometheus' answer shape
 * (`{status, data: {resultType: "matrix", result: [{metric, values: [[seconds, "value"]]}]}}`), with the
 * result the test gives for each query. Records what it was asked.
 */
export async function prometheusStub(answer: (r: RangeRequest) => { metric: Record<string, string>; values: [number, string][] }[] | { error: string }) {
  const asked: RangeRequest[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    if (u.pathname !== "/api/v1/query_range") {
      res.writeHead(404).end();
      return;
    }
    const r = { query: u.searchParams.get("query") ?? "", start: Number(u.searchParams.get("start")), end: Number(u.searchParams.get("end")), step: u.searchParams.get("step") ?? "" };
    asked.push(r);
    const a = answer(r);
    res.setHeader("content-type", "application/json");
    if ("error" in a) res.writeHead(400).end(JSON.stringify({ status: "error", errorType: "bad_data", error: a.error }));
    else res.writeHead(200).end(JSON.stringify({ status: "success", data: { resultType: "matrix", result: a } }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, asked, close: () => new Promise<void>((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  }) };
}
