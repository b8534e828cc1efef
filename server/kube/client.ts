import "server-only";
import { KubeConfig } from "@kubernetes/client-node";
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

/** A gateway for another cluster (e.g. a tenant's own API server) from kubeconfig text. */
export function gatewayFromKubeconfig(text: string): KubeGateway {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return new KubeGateway(kc);
}

/** The CA certificate (PEM) of the current cluster of a kubeconfig text. */
export function caOfKubeconfig(text: string): string {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  const data = kc.getCurrentCluster()?.caData;
  if (!data) throw new Error("the kubeconfig has no certificate-authority-data");
  return Buffer.from(data, "base64").toString("utf8");
}
