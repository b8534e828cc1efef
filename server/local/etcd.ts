import fs from "node:fs";
import path from "node:path";
import { certNotAfter, createCa, issueClientCert, issueServerCert, type CertKeyPair } from "@/server/pki/pki";
import { writePrivateFile } from "@/server/local/files";
import { startProcess, type ManagedProcess } from "@/server/local/proc";
import { httpsRequest, probeEtcdHealth, type TlsClient } from "@/server/local/readyz";

/**
 * An etcd's own CA and the client certificate its kube-apiservers present (Kamaji's DataStore keeps the same
 * pair in a Secret). The CA is the etcd's alone: etcd grants full access to any certificate its trusted CA
 * signed, so it must never be a CA that signs anything else (a tenant's CA signs tenant users' CSRs).
 */
export interface EtcdPki {
  ca: CertKeyPair;
  client: CertKeyPair;
}

/** Paths of the TLS files an etcd and its clients use, all in one 0700 folder. */
export interface EtcdTlsFiles {
  caFile: string;
  /** etcd's serving certificate, also used on its peer port. */
  serverCertFile: string;
  serverKeyFile: string;
  /** The kube-apiserver's (and the health probes') client certificate. */
  clientCertFile: string;
  clientKeyFile: string;
}

const YEAR_S = 365 * 24 * 3600;
/** A stored client certificate closer than this to its end is issued again at the next start. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

export const etcdUrl = (port: number) => `https://127.0.0.1:${port}`;

/** A new etcd CA (CN `<name>-etcd-ca`) and a client certificate for the kube-apiserver. */
export async function newEtcdPki(name: string): Promise<EtcdPki> {
  const ca = await createCa(`${name}-etcd`);
  return { ca, client: await issueEtcdClient(ca) };
}

async function issueEtcdClient(ca: CertKeyPair): Promise<CertKeyPair> {
  const { certPem, keyPem } = await issueClientCert(ca, { user: "kube-apiserver-etcd-client", groups: [], ttlSeconds: YEAR_S });
  return { certPem, keyPem };
}

/** The same PKI, or (when its client certificate is about to expire) one with a new client certificate. */
export async function renewEtcdPki(pki: EtcdPki): Promise<EtcdPki> {
  if (certNotAfter(pki.client.certPem).getTime() - Date.now() > RENEW_BEFORE_MS) return pki;
  return { ca: pki.ca, client: await issueEtcdClient(pki.ca) };
}

/**
 * Writes the etcd PKI into `dir` with a serving certificate issued now for loopback (it is not kept
 * anywhere else: the CA can always issue another). Returns the file paths.
 */
export async function writeEtcdTls(dir: string, pki: EtcdPki): Promise<EtcdTlsFiles> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const server = await issueServerCert(pki.ca, { commonName: "etcd", hosts: ["127.0.0.1", "localhost"], peer: true });
  const files = etcdTlsFiles(dir);
  const writes: [string, string][] = [[files.caFile, pki.ca.certPem], [path.join(dir, "ca.key"), pki.ca.keyPem],
    [files.serverCertFile, server.certPem], [files.serverKeyFile, server.keyPem],
    [files.clientCertFile, pki.client.certPem], [files.clientKeyFile, pki.client.keyPem]];
  for (const [file, pem] of writes) writePrivateFile(file, pem);
  return files;
}

/** The PKI a previous writeEtcdTls left in `dir`, if it is all there. */
export function readEtcdPki(dir: string): EtcdPki | undefined {
  const f = etcdTlsFiles(dir);
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);
  const [caCert, caKey, cert, key] = [read(f.caFile), read(path.join(dir, "ca.key")), read(f.clientCertFile), read(f.clientKeyFile)];
  if (!caCert || !caKey || !cert || !key) return undefined;
  return { ca: { certPem: caCert, keyPem: caKey }, client: { certPem: cert, keyPem: key } };
}

export function etcdTlsFiles(dir: string): EtcdTlsFiles {
  const f = (n: string) => path.join(dir, n);
  return { caFile: f("ca.crt"), serverCertFile: f("server.crt"), serverKeyFile: f("server.key"), clientCertFile: f("client.crt"), clientKeyFile: f("client.key") };
}

/** A TLS client with the etcd client certificate, read from `files`. */
export function etcdClient(files: EtcdTlsFiles): TlsClient {
  return { caPem: fs.readFileSync(files.caFile), certPem: fs.readFileSync(files.clientCertFile), keyPem: fs.readFileSync(files.clientKeyFile) };
}

export interface EtcdLaunch {
  dataDir: string;
  port: number;
  peerPort: number;
  tls: EtcdTlsFiles;
  logFile: string;
  extraArgs?: string[];
}

/**
 * Starts a single-member etcd on loopback that accepts only clients presenting a certificate of its own CA,
 * on the client port and the peer port alike: the ports alone grant nothing to another user of the machine.
 */
export function startEtcd(bin: string, l: EtcdLaunch): ManagedProcess {
  const { tls } = l;
  const peer = `https://127.0.0.1:${l.peerPort}`;
  return startProcess("etcd", bin, [
    "--name=default", `--data-dir=${l.dataDir}`,
    `--listen-client-urls=${etcdUrl(l.port)}`, `--advertise-client-urls=${etcdUrl(l.port)}`,
    "--client-cert-auth", `--trusted-ca-file=${tls.caFile}`, `--cert-file=${tls.serverCertFile}`, `--key-file=${tls.serverKeyFile}`,
    `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`, `--initial-cluster=default=${peer}`,
    "--peer-client-cert-auth", `--peer-trusted-ca-file=${tls.caFile}`, `--peer-cert-file=${tls.serverCertFile}`, `--peer-key-file=${tls.serverKeyFile}`,
    "--unsafe-no-fsync", "--log-level=warn",
    ...(l.extraArgs ?? []),
  ], { logFile: l.logFile });
}

/** etcd's readiness, as its own /health reports it. */
export const etcdReady = (port: number, tls: EtcdTlsFiles) => () => probeEtcdHealth(etcdUrl(port), etcdClient(tls));

/** A call of etcd's JSON gateway (`/v3/...`, keys base64) with the client certificate. */
export async function etcdCall<T>(url: string, client: TlsClient, api: string, body: unknown): Promise<T> {
  const res = await httpsRequest(`${url}${api}`, client, { method: "POST", body: JSON.stringify(body), timeoutMs: 10_000 });
  if (res.status !== 200) throw new Error(`etcd ${api} answered ${res.status}: ${res.body.slice(0, 200)}`);
  return JSON.parse(res.body) as T;
}
