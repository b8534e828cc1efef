import "server-only";
import { EventEmitter } from "node:events";
import { env } from "@/lib/env.js";
import type { CrdObject } from "@/server/kube/crds";
import type { CacheRegistry } from "@/server/kube/cache-registry";
import { toKubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import type { ReadableCache } from "@/server/kube/watch-cache";

export interface CrdInfo {
  name: string;
  group: string;
  kind: string;
  scope: string;
  versions: { name: string; served: boolean; storage: boolean }[];
  established: boolean;
}

export type Connection = "connected" | "connecting" | "disconnected" | "unconfigured";

/** What the "Under cluster" page shows; one snapshot, pushed on every change. */
export interface UnderClusterSnapshot {
  connection: Connection;
  ready: boolean;
  server?: string;
  source?: string;
  version?: { gitVersion: string; platform: string; goVersion: string };
  failedChecks: string[];
  crds: CrdInfo[];
  crdsSynced: boolean;
  /** The embedded local under cluster, whose infrastructure provider simulates part of the platform. */
  embedded: boolean;
  lastError?: string;
  /** When the connection state last changed (ISO). */
  since: string;
  checkedAt: string;
}

const POLL_MS = 2_000;

function crdInfo(c: CrdObject): CrdInfo {
  return {
    name: c.metadata?.name ?? "",
    group: c.spec.group,
    kind: c.spec.names.kind,
    scope: c.spec.scope,
    versions: c.spec.versions.map((v) => ({ name: v.name, served: v.served, storage: v.storage })),
    established: c.status?.conditions?.some((x) => x.type === "Established" && x.status === "True") ?? false,
  };
}

/**
 * Watches the under cluster's health: /readyz every 2 s (a health probe, not a LIST), the server
 * version on (re)connect, and the installed CRDs from a watch cache. Emits a fresh snapshot on change.
 */
/** What the monitor watches: the console's own connection, its caches, and where its credentials came from. */
export interface MonitorTarget {
  gateway: KubeGateway;
  caches: CacheRegistry;
  source?: string;
}

class UnderClusterMonitor extends EventEmitter {
  private snap: UnderClusterSnapshot;
  private kube?: KubeGateway;
  private crds?: ReadableCache<CrdObject>;
  private timer?: NodeJS.Timeout;
  private key = "";
  private firstProbe: Promise<void>;
  private probed!: () => void;

  constructor(target: MonitorTarget) {
    super();
    this.setMaxListeners(0);
    this.firstProbe = new Promise((r) => (this.probed = r));
    const now = new Date().toISOString();
    this.snap = { connection: "connecting", ready: false, failedChecks: [], crds: [], crdsSynced: false, embedded: env.KMETAL_EMBEDDED === "true", since: now, checkedAt: now };
    this.kube = target.gateway;
    this.snap = { ...this.snap, server: target.gateway.server, source: target.source };
    this.crds = target.caches.get("crds");
    this.crds.subscribe((ev) => {
      // A dropped watch is the fastest sign that the API server went away (the probe runs every 2 s, and a
      // supervised API server can be back within about that long).
      if (ev.type === "STATE" && !ev.state.connected && ev.state.failures > 0 && this.snap.connection === "connected") {
        this.update({ connection: "disconnected", ready: false, lastError: ev.state.lastError ?? "lost the watch connection" });
        return;
      }
      this.publish();
    });
    void this.poll();
  }

  snapshot(): UnderClusterSnapshot {
    return this.snap;
  }

  /** The snapshot once the first probe has answered (at most `ms` later), so a first page view shows real data. */
  async settled(ms = 8_000): Promise<UnderClusterSnapshot> {
    await Promise.race([this.firstProbe, new Promise((r) => setTimeout(r, ms))]);
    return this.snap;
  }

  private async poll() {
    try {
      if (this.kube) await this.probe(this.kube);
      this.probed();
    } catch (err) {
      // Never let one bad probe end the polling loop.
      console.error(`under-cluster monitor: ${(err as Error).message}`);
    } finally {
      this.timer = setTimeout(() => void this.poll(), POLL_MS);
      this.timer.unref?.();
    }
  }

  private async probe(gw: KubeGateway) {
    try {
      await gw.readyz();
      const version = this.snap.connection === "connected" && this.snap.version ? this.snap.version : await gw.version();
      this.update({ connection: "connected", ready: true, failedChecks: [], lastError: undefined, version: { gitVersion: version.gitVersion, platform: version.platform, goVersion: version.goVersion } });
    } catch (err) {
      const e = toKubeError(err);
      if (e.unreachable) this.update({ connection: "disconnected", ready: false, failedChecks: [], lastError: e.message });
      else {
        // Reachable but not ready: /readyz answers 500 with "[-]check failed" lines.
        const failed = e.message.split("\n").filter((l) => l.startsWith("[-]")).map((l) => l.slice(3).split(" ")[0]!);
        this.update({ connection: "connected", ready: false, failedChecks: failed, lastError: e.message.split("\n")[0] });
      }
    }
  }

  private update(patch: Partial<UnderClusterSnapshot>) {
    const connectionChanged = patch.connection && patch.connection !== this.snap.connection;
    if (connectionChanged) console.log(`under-cluster monitor: ${this.snap.connection} → ${patch.connection}${patch.lastError ? ` (${patch.lastError})` : ""}`);
    this.snap = { ...this.snap, ...patch, ...(connectionChanged ? { since: new Date().toISOString() } : {}) };
    this.publish();
  }

  private publish() {
    const crds = (this.crds?.list() ?? []).map(crdInfo).sort((a, b) => a.name.localeCompare(b.name));
    const next: UnderClusterSnapshot = { ...this.snap, crds, crdsSynced: this.crds?.state.synced ?? false };
    const key = JSON.stringify({ ...next, checkedAt: undefined });
    this.snap = { ...next, checkedAt: new Date().toISOString() };
    if (key !== this.key) {
      this.key = key;
      this.emit("change", this.snap);
    }
  }
}

const monitors = new WeakMap<CacheRegistry, UnderClusterMonitor>();
/** One monitor per connection (its caches), started on first use. */
export function underClusterMonitor(target: MonitorTarget): UnderClusterMonitor {
  let m = monitors.get(target.caches);
  if (!m) monitors.set(target.caches, (m = new UnderClusterMonitor(target)));
  return m;
}

/** Yields the current snapshot, then every change, until `signal` aborts. */
export async function* underClusterChanges(target: MonitorTarget, signal?: AbortSignal): AsyncGenerator<UnderClusterSnapshot> {
  const mon = underClusterMonitor(target);
  const queue: UnderClusterSnapshot[] = [mon.snapshot()];
  let wake: (() => void) | undefined;
  const onChange = (s: UnderClusterSnapshot) => {
    queue.length = 0; // only the latest snapshot matters
    queue.push(s);
    wake?.();
  };
  mon.on("change", onChange);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next) yield next;
      else await new Promise<void>((r) => (wake = r));
    }
  } finally {
    mon.off("change", onChange);
    signal?.removeEventListener("abort", onAbort);
  }
}
