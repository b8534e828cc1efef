import net from "node:net";

export interface TcpBalancerOptions {
  /** Port to listen on at 127.0.0.1; 0 (the default) lets the OS pick a free one. */
  port?: number;
  /** Backend ports on 127.0.0.1, read again for every connection so replicas can come and go. */
  backends: () => number[];
  /** How long one backend may take to accept before the next one is tried. */
  connectTimeoutMs?: number;
}

export interface TcpBalancer {
  readonly port: number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
  /** Open client connections. */
  connections(): number;
}

/** Connects to 127.0.0.1:port, or rejects on refusal or timeout. */
function dial(port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    const fail = (err: Error) => {
      sock.destroy();
      reject(err);
    };
    sock.setTimeout(timeoutMs, () => fail(new Error(`connect to 127.0.0.1:${port} timed out`)));
    sock.once("error", fail);
    sock.once("connect", () => {
      sock.setTimeout(0);
      sock.removeListener("error", fail);
      resolve(sock);
    });
  });
}

/**
 * A TCP pass-through load balancer on 127.0.0.1: round robin over the backends, skipping one that refuses.
 * It pipes raw bytes and never terminates TLS, so client certificates reach the kube-apiserver itself.
 */
export function startTcpBalancer(opts: TcpBalancerOptions): Promise<TcpBalancer> {
  const open = new Set<net.Socket>();
  const timeoutMs = opts.connectTimeoutMs ?? 3_000;
  let next = 0;

  const pick = async (): Promise<net.Socket | undefined> => {
    const ports = opts.backends();
    const start = next++;
    for (let i = 0; i < ports.length; i++) {
      try {
        return await dial(ports[(start + i) % ports.length]!, timeoutMs);
      } catch {
        /* that backend is down: try the next one */
      }
    }
    return undefined;
  };

  // pauseOnConnect holds the client's first bytes (the TLS ClientHello) until a backend is connected;
  // allowHalfOpen keeps a reply flowing after the client has finished sending.
  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => {
    open.add(client);
    const closeBoth = () => {
      client.destroy();
      upstream?.destroy();
    };
    let upstream: net.Socket | undefined;
    client.on("error", closeBoth);
    client.on("close", () => {
      open.delete(client);
      upstream?.destroy();
    });
    void pick().then((up) => {
      if (!up) return closeBoth();
      if (client.destroyed) return up.destroy();
      upstream = up;
      up.on("error", closeBoth);
      up.on("close", () => client.destroy());
      client.pipe(up);
      up.pipe(client);
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.removeListener("error", reject);
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        connections: () => open.size,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const sock of open) sock.destroy();
          }),
      });
    });
  });
}
