import "server-only";
import { KubeConfig } from "@kubernetes/client-node";
import { CacheRegistry } from "@/server/kube/cache-registry";
import { loadKubeConfig, type KubeSource } from "@/server/kube/config";
import { KubeGateway } from "@/server/kube/gateway";

/** The console's own connection to the under cluster, with the watch caches shared by every request. */
export interface ConsoleConnection {
  gateway: KubeGateway;
  caches: CacheRegistry;
  source: KubeSource;
  path?: string;
}

const g = globalThis as unknown as { __kmetalConsole?: ConsoleConnection };

/**
 * One per process (it survives Next dev reloads), made from the configured kubeconfig. Only the request
 * context, the auth callbacks and the CLI call this; services and routers get what they need from the context.
 */
export function consoleConnection(): ConsoleConnection {
  if (!g.__kmetalConsole) {
    const { kc, source, path } = loadKubeConfig();
    const gateway = new KubeGateway(kc);
    g.__kmetalConsole = { gateway, caches: new CacheRegistry(gateway), source, path };
  }
  return g.__kmetalConsole;
}

/** A gateway for another cluster (e.g. a tenant's own API server) from kubeconfig text. */
export function gatewayFromKubeconfig(text: string): KubeGateway {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return new KubeGateway(kc);
}

/** A gateway from a kubeconfig file: what tests, scripts and the CLI use instead of client-node directly. */
export function gatewayFromFile(file: string): KubeGateway {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
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
