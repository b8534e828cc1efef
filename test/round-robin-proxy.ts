import http from "node:http";
import type net from "node:net";

/** One request the proxy passed on: to which backend port, and how it went. */
export interface Forwarded {
  method: string;
  path: string;
  port: number;
  status: number;
}

export interface RoundRobinProxy {
  readonly url: string;
  /** Every request answered by a backend, in order. */
  readonly forwarded: Forwarded[];
  close(): Promise<void>;
}

/** The header each answer carries: the port of the backend that gave it (tests tell replicas apart by it). */
export const BACKEND_HEADER = "x-test-backend";

// Per connection, not end to end: never passed on (RFC 9110 section 7.6.1).
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);
const endToEnd = (headers: http.IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k)));

/**
 * A reverse proxy on 127.0.0.1 in front of console replicas, as an ingress controller is: each request goes
 * to the next backend in turn (round robin per request, not per connection), a backend that refuses the
 * connection is skipped for the next one, the client's address is appended to X-Forwarded-For, and answers
 * stream through unbuffered (server-sent events). A backend that dies in the middle of an answer breaks the
 * client's connection, as a proxy does. `backends` is read again for every request.
 */
export function startRoundRobinProxy(backends: () => number[]): Promise<RoundRobinProxy> {
  const forwarded: Forwarded[] = [];
  const sockets = new Set<net.Socket>();
  let next = 0;

  /** Sends the request to `ports[i]`, or on refusal to the next one; resolves with the answer, or undefined if none took it. */
  const send = (req: http.IncomingMessage, body: Buffer, ports: number[], from: number): Promise<{ res: http.IncomingMessage; port: number } | undefined> =>
    new Promise((resolve) => {
      const attempt = (i: number) => {
        if (i >= ports.length) return resolve(undefined);
        const port = ports[(from + i) % ports.length]!;
        const xff = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
        const up = http.request({ host: "127.0.0.1", port, method: req.method, path: req.url, agent: false, headers: { ...endToEnd(req.headers), "x-forwarded-for": xff, "content-length": String(body.length) } });
        let answered = false;
        up.once("response", (res) => {
          answered = true;
          resolve({ res, port });
        });
        up.once("error", () => {
          // Refused (or reset before an answer): the request never reached an application, try the next one.
          if (!answered) attempt(i + 1);
        });
        up.end(body);
      };
      attempt(0);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const ports = backends();
      void send(req, Buffer.concat(chunks), ports, next++).then((got) => {
        if (!got) {
          res.writeHead(502, { "content-type": "text/plain" }).end("no backend answered\n");
          return;
        }
        const { res: up, port } = got;
        forwarded.push({ method: req.method ?? "GET", path: req.url ?? "/", port, status: up.statusCode ?? 0 });
        res.writeHead(up.statusCode ?? 502, { ...endToEnd(up.headers), [BACKEND_HEADER]: String(port) });
        res.flushHeaders();
        up.on("data", (c: Buffer) => res.write(c));
        up.on("end", () => res.end());
        // The backend went away mid-answer: the client must see its connection break, not a complete answer.
        up.on("error", () => res.destroy());
        up.on("close", () => up.complete || res.destroy());
        res.on("close", () => up.destroy());
      });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        forwarded,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          for (const s of sockets) s.destroy();
        }),
      });
    });
  });
}
