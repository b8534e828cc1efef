import https from "node:https";
import { waitReady, type ManagedProcess } from "@/server/local/proc";

/** How to reach one of our TLS servers: the CA that signed it, and a bearer token or a client certificate. */
export interface TlsClient {
  caPem: string | Buffer;
  token?: string;
  certPem?: string | Buffer;
  keyPem?: string | Buffer;
}

/** One request over TLS with `client`'s credentials; rejects on a TLS or connection error (e.g. no client cert). */
export function httpsRequest(url: string, client: TlsClient, init: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (client.token) headers.Authorization = `Bearer ${client.token}`;
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    const req = https.request(url, {
      method: init.method ?? "GET", headers, ca: client.caPem, cert: client.certPem, key: client.keyPem,
      // A fresh connection per probe: a pooled one would hide a server that stopped accepting new ones.
      agent: false, timeout: init.timeoutMs ?? 3_000,
    }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url} in time`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Whether a kube-apiserver at `server` answers GET /readyz with 200. */
export async function probeReadyz(server: string, client: TlsClient, timeoutMs = 3_000): Promise<boolean> {
  try {
    return (await httpsRequest(`${server}/readyz`, client, { timeoutMs })).status === 200;
  } catch {
    return false;
  }
}

/** Whether an etcd at `url` reports itself healthy (GET /health over TLS, with a client certificate). */
export async function probeEtcdHealth(url: string, client: TlsClient, timeoutMs = 3_000): Promise<boolean> {
  try {
    const res = await httpsRequest(`${url}/health`, client, { timeoutMs });
    return res.status === 200 && (JSON.parse(res.body) as { health?: string }).health === "true";
  } catch {
    return false;
  }
}

/** Whether a plain-HTTP server (the console) answers at all without a server error. */
export async function probeHttp(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    return res.status < 500;
  } catch {
    return false;
  }
}

/**
 * Waits until `probe` passes; a child that exits or never gets ready is stopped and the error names its log.
 * waitReady backs off to one probe a second; probing every 100 ms within each of its rounds notices readiness
 * up to ~1 s sooner, which is most of a tenant's start.
 */
export async function whenReady(proc: ManagedProcess, probe: () => Promise<boolean>, timeoutMs?: number): Promise<void> {
  const eager = async () => {
    for (const until = Date.now() + 900; ; await new Promise((r) => setTimeout(r, 100))) {
      if (await probe().catch(() => false)) return true;
      if (Date.now() > until || !proc.isRunning()) return false;
    }
  };
  try {
    await waitReady(proc, eager, timeoutMs);
  } catch (err) {
    await proc.stop();
    throw err;
  }
}
