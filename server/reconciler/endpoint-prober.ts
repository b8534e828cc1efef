import "server-only";
import https from "node:https";
import type { ApiServerProbe } from "@/lib/tenants/status";

export interface ProbeTarget {
  name: string;
  endpoint: string;
}

export interface ProberOptions {
  /** The tenants to probe now: those whose control plane is ready at an endpoint. */
  targets: () => ProbeTarget[];
  /** Told when a tenant's result changed (availability, reason or message), to reconcile it again. */
  onChange: (name: string) => void;
  intervalMs?: number;
  timeoutMs?: number;
  concurrency?: number;
}

/**
 * One probe: `GET <endpoint>/livez` over TLS, as a client that presents no credentials. The API server answers
 * that to anyone who can reach it (anonymous requests get 200, or 401/403 where anonymous auth is off: still an
 * answer from the API server itself), so it tells whether the tenant's API server is reachable and serving at
 * the endpoint its users have, through the load balancer. The server's certificate is not checked here: this is
 * about reachability; the certificate inventory watches the certificates.
 */
export function probeEndpoint(endpoint: string, timeoutMs = 3_000): Promise<ApiServerProbe> {
  return new Promise((resolve) => {
    const done = (available: boolean, reason: string, message: string) => resolve({ endpoint, available, reason, message });
    let req: ReturnType<typeof https.get>;
    try {
      req = https.get(`${endpoint.replace(/\/+$/, "")}/livez`, { rejectUnauthorized: false, agent: false, timeout: timeoutMs }, (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        if (code < 500) done(true, "HealthzOK", `/livez answered ${code}`);
        else done(false, "HealthzFailed", `/livez answered ${code}`);
      });
    } catch (err) {
      return done(false, "Unreachable", (err as Error).message);
    }
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err: NodeJS.ErrnoException) => done(false, "Unreachable", err.code ? `${err.code} (${err.message})` : err.message));
  });
}

/**
 * Probes every ready tenant's endpoint in rounds (a round starts `intervalMs` after the previous one ended, so a
 * large fleet slows the rounds down instead of piling them up) and keeps the last result per tenant for the
 * reconciler, which turns it into the APIServerAvailable condition.
 */
export class EndpointProber {
  private readonly results = new Map<string, ApiServerProbe>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = true;

  constructor(private readonly opts: ProberOptions) {}

  get(name: string): ApiServerProbe | undefined {
    return this.results.get(name);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      await this.round();
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.opts.intervalMs ?? 20_000);
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One pass over every target; results of tenants that are no longer targets are dropped. */
  async round(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const targets = this.opts.targets();
      const names = new Set(targets.map((t) => t.name));
      for (const n of [...this.results.keys()]) if (!names.has(n)) this.results.delete(n);
      let next = 0;
      const worker = async () => {
        while (next < targets.length) {
          const t = targets[next++]!;
          const r = await probeEndpoint(t.endpoint, this.opts.timeoutMs);
          const prev = this.results.get(t.name);
          this.results.set(t.name, r);
          if (!prev || prev.endpoint !== r.endpoint || prev.available !== r.available || prev.reason !== r.reason || prev.message !== r.message) this.opts.onChange(t.name);
        }
      };
      await Promise.all(Array.from({ length: this.opts.concurrency ?? 8 }, worker));
    } finally {
      this.running = false;
    }
  }
}
