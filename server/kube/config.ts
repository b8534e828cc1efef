import "server-only";
import fs from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { env } from "@/lib/env.js";
import { underKubeconfigPath } from "@/server/paths";

export type KubeSource = "KMETAL_KUBECONFIG" | "KUBECONFIG" | "in-cluster" | "embedded";

export interface LoadedKubeConfig {
  kc: KubeConfig;
  source: KubeSource;
  /** The file it came from, if any. */
  path?: string;
}

const IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/**
 * Resolves the under cluster's credentials: an explicit KMETAL_KUBECONFIG, then KUBECONFIG, then the
 * in-cluster service account, then the embedded local under cluster started by `kmetal up`.
 */
export function loadKubeConfig(): LoadedKubeConfig {
  const kc = new KubeConfig();
  const fromFile = (file: string, source: KubeSource): LoadedKubeConfig => {
    if (!fs.existsSync(file)) throw new Error(`${source} points at ${file}, which does not exist`);
    kc.loadFromFile(file);
    return { kc, source, path: file };
  };
  if (env.KMETAL_KUBECONFIG) return fromFile(env.KMETAL_KUBECONFIG, "KMETAL_KUBECONFIG");
  if (env.KUBECONFIG) return fromFile(env.KUBECONFIG.split(":")[0]!, "KUBECONFIG");
  if (fs.existsSync(IN_CLUSTER_TOKEN)) {
    kc.loadFromCluster();
    return { kc, source: "in-cluster" };
  }
  const embedded = underKubeconfigPath();
  if (!fs.existsSync(embedded)) {
    throw new Error(`no under cluster configured: set KMETAL_KUBECONFIG, or start the embedded one with "npx kmetal up" (expected ${embedded})`);
  }
  return fromFile(embedded, "embedded");
}
