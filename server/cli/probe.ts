import fs from "node:fs";
import yaml from "js-yaml";
import { etcdClient, type EtcdTlsFiles } from "@/server/local/etcd";
import { probeEtcdHealth, probeHttp, probeReadyz } from "@/server/local/readyz";

export { probeHttp };

/** Reads server, CA and token from one of our kubeconfigs, for health probes without the gateway. */
export function readKubeconfig(file: string): { server: string; ca: Buffer; token: string } {
  const kc = yaml.load(fs.readFileSync(file, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = kc.clusters[0]!.cluster;
  return { server: cluster.server, ca: Buffer.from(cluster["certificate-authority-data"], "base64"), token: kc.users[0]!.user.token };
}

/** The under cluster's kube-apiserver /readyz, with the admin kubeconfig's CA and token. */
export async function probeApiServer(kubeconfig: string): Promise<boolean> {
  try {
    const { server, ca, token } = readKubeconfig(kubeconfig);
    return await probeReadyz(server, { caPem: ca, token }, 2_000);
  } catch {
    return false;
  }
}

/** etcd's /health over TLS with the client certificate `kmetal up` published; etcd answers nothing without it. */
export async function probeEtcd(url: string, tls: EtcdTlsFiles | undefined): Promise<boolean> {
  try {
    return !!tls && (await probeEtcdHealth(url, etcdClient(tls), 2_000));
  } catch {
    return false; // unreadable certificate files
  }
}
