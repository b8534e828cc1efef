import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { platformRbac } from "@/lib/authz/rbac";
import { installCrds, readCrdFiles } from "@/server/kube/crds";
import { installRbac } from "@/server/kube/rbac";
import { ensureNamespace } from "@/server/services/users";
import { gatewayFromFile } from "@/server/kube/client";
import { repoRoot, resolveBinaries } from "@/server/local/binaries";
import type { EtcdTlsFiles } from "@/server/local/etcd";
import { UnderCluster } from "@/server/local/under-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfigPath: string;
    /** The under cluster's etcd (https) and the files of its CA and client certificate. */
    underEtcd: { url: string; tls: EtcdTlsFiles; pid: number };
  }
}

/** Starts one real etcd + kube-apiserver (+ controllers) for the run, installs every CRD, and tears it all down after. */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kmetal-it-"));
  const binaries = await resolveBinaries((l) => console.log(l));
  const cluster = new UnderCluster({ dir, binaries });
  const t0 = Date.now();
  const info = await cluster.start();
  const kube = gatewayFromFile(info.kubeconfigPath);
  await installCrds(kube, readCrdFiles(path.join(repoRoot(), "deploy", "crds")));
  await ensureNamespace(kube, "kmetal-system");
  await installRbac(kube, platformRbac("kmetal-system"));
  console.log(`integration: local under cluster ready with CRDs in ${((Date.now() - t0) / 1000).toFixed(1)}s (${info.apiServerUrl})`);
  project.provide("kubeconfigPath", info.kubeconfigPath);
  project.provide("underEtcd", { url: info.etcdUrl, tls: info.etcdTls, pid: info.processes.find((p) => p.name === "etcd")!.pid });
  return async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
