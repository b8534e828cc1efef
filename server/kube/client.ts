import "server-only";
import { loadKubeConfig, type KubeSource } from "@/server/kube/config";
import { KubeGateway } from "@/server/kube/gateway";

export interface KubeHandle {
  gateway: KubeGateway;
  source: KubeSource;
  path?: string;
}

const g = globalThis as unknown as { __kmetalKube?: KubeHandle };

/** The console's own connection to the under cluster: one per process (survives Next dev reloads). */
export function underKube(): KubeHandle {
  if (!g.__kmetalKube) {
    const { kc, source, path } = loadKubeConfig();
    g.__kmetalKube = { gateway: new KubeGateway(kc), source, path };
  }
  return g.__kmetalKube;
}
