import { etcdUrl, type EtcdTlsFiles } from "@/server/local/etcd";
import { startProcess, type ManagedProcess } from "@/server/local/proc";

/** The service network of every cluster the embedded mode runs (under cluster and tenants alike). */
export const SERVICE_RANGE = "10.96.0.0/16";

export interface ApiServerLaunch {
  /** Process name, e.g. "kube-apiserver" or "kube-apiserver-1". */
  name: string;
  port: number;
  etcdPort: number;
  etcdTls: EtcdTlsFiles;
  /** Service-account token keys: the public key verifies, the private key signs. */
  saPub: string;
  saKey: string;
  logFile: string;
  /** What differs between clusters: serving certificate, client authentication, authorization. */
  extraArgs: string[];
}

/**
 * Starts a kube-apiserver on loopback that reaches its etcd over TLS with the etcd client certificate.
 * Callers wait for its /readyz (readyz.ts) and supervise it (supervisor.ts).
 */
export function startKubeApiserver(bin: string, l: ApiServerLaunch): ManagedProcess {
  return startProcess(l.name, bin, [
    `--etcd-servers=${etcdUrl(l.etcdPort)}`,
    `--etcd-cafile=${l.etcdTls.caFile}`, `--etcd-certfile=${l.etcdTls.clientCertFile}`, `--etcd-keyfile=${l.etcdTls.clientKeyFile}`,
    "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${l.port}`,
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${l.saPub}`, `--service-account-signing-key-file=${l.saKey}`,
    `--service-cluster-ip-range=${SERVICE_RANGE}`, "--endpoint-reconciler-type=none", "--allow-privileged=true",
    ...l.extraArgs,
    "--v=1",
  ], { logFile: l.logFile });
}
