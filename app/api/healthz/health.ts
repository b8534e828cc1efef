import { consoleConnection } from "@/server/kube/client";
import type { CacheName } from "@/server/kube/cache-registry";
import { underClusterMonitor } from "@/server/services/under-cluster";

// What the probes and the metrics report, read from in-memory state only: the under-cluster monitor polls
// /readyz every 2 s and the caches watch, so a probe costs the API server nothing. It names checks and caches
// only: never a server address, a path or an error text (probes and scrapes are unauthenticated).

/** The console's own kinds: without them no page works. Other caches (KubeVirt, Kube-OVN) are reported only. */
export const REQUIRED: CacheName[] = ["tenants", "policies", "audit"];
const REPORTED: CacheName[] = ["vms", "vmis", "subnets", "events"];

export interface CacheHealth {
  synced: boolean;
  connected: boolean;
  failures: number;
  relists: number;
}

export interface Health {
  ready: boolean;
  /** ready, connected (answers but not ready), connecting, disconnected or unconfigured. */
  underCluster: string;
  caches: Partial<Record<CacheName, CacheHealth>>;
}

export function health(): Health {
  try {
    const conn = consoleConnection();
    const snap = underClusterMonitor(conn).snapshot();
    const caches = Object.fromEntries([...REQUIRED, ...REPORTED].map((n) => {
      const { synced, connected, failures, relists } = conn.caches.get(n).state;
      return [n, { synced, connected, failures, relists }];
    })) as Record<CacheName, CacheHealth>;
    return { ready: snap.ready && REQUIRED.every((n) => caches[n].synced), underCluster: snap.ready ? "ready" : snap.connection, caches };
  } catch {
    // No under cluster configured (no kubeconfig, no service account): never ready.
    return { ready: false, underCluster: "unconfigured", caches: {} };
  }
}
