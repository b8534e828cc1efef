import fs from "node:fs";
import path from "node:path";
import { DEFAULT_LEAF_POLICY, renewalDue, type LeafPolicy } from "@/lib/certificates/renewal";
import { certNotAfter, certNotBefore, createCa, issueClientCert, issueServerCert, type CertKeyPair } from "@/server/pki/pki";
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
  /** etcd's serving certificate on its client port; absent in PKI stored by an older version. */
  server?: CertKeyPair;
  /** What the member presents on its peer port (server and client use). */
  peer?: CertKeyPair;
}

/** Paths of the TLS files an etcd and its clients use, all in one 0700 folder. */
export interface EtcdTlsFiles {
  caFile: string;
  /** etcd's serving certificate, also used on its peer port. */
  serverCertFile: string;
  serverKeyFile: string;
  peerCertFile: string;
  peerKeyFile: string;
  /** The kube-apiserver's (and the health probes') client certificate. */
  clientCertFile: string;
  clientKeyFile: string;
}

export const etcdUrl = (port: number) => `https://127.0.0.1:${port}`;

/** A new etcd CA (CN `<name>-etcd-ca`) with its client, server and peer certificates. */
export async function newEtcdPki(name: string, leaf: LeafPolicy = DEFAULT_LEAF_POLICY): Promise<EtcdPki> {
  const ca = await createCa(`${name}-etcd`);
  return renewEtcdPki({ ca, client: await ETCD_LEAVES.client(ca, leaf.ttlSeconds) }, leaf);
}

const pair = ({ certPem, keyPem }: CertKeyPair): CertKeyPair => ({ certPem, keyPem });
const LOOPBACK = ["127.0.0.1", "localhost"];
const ETCD_LEAVES = {
  client: async (ca: CertKeyPair, ttlSeconds: number) => pair(await issueClientCert(ca, { user: "kube-apiserver-etcd-client", groups: [], ttlSeconds })),
  // Client use too: etcd's JSON gateway dials its own gRPC port with this pair, and client auth is on.
  server: (ca: CertKeyPair, ttlSeconds: number) => issueServerCert(ca, { commonName: "etcd", hosts: LOOPBACK, peer: true, ttlSeconds }),
  peer: (ca: CertKeyPair, ttlSeconds: number) => issueServerCert(ca, { commonName: "etcd-peer", hosts: LOOPBACK, peer: true, ttlSeconds }),
} as const;
export type EtcdLeaf = keyof typeof ETCD_LEAVES;
export const ETCD_LEAF_NAMES = Object.keys(ETCD_LEAVES) as EtcdLeaf[];

/** Whether a stored leaf is missing or past its renewal time. */
export function leafDue(cert: CertKeyPair | undefined, leaf: LeafPolicy, now = Date.now()): boolean {
  return !cert || renewalDue(certNotBefore(cert.certPem).getTime(), certNotAfter(cert.certPem).getTime(), now, leaf.renewFraction);
}

/**
 * The same PKI when every leaf is present and short of its renewal time; otherwise a copy with the missing or
 * due leaves (and those in `force`) issued again from the same CA.
 */
export async function renewEtcdPki(pki: EtcdPki, leaf: LeafPolicy = DEFAULT_LEAF_POLICY, force: readonly EtcdLeaf[] = []): Promise<EtcdPki> {
  const due = ETCD_LEAF_NAMES.filter((k) => force.includes(k) || leafDue(pki[k], leaf));
  if (!due.length) return pki;
  const next = { ...pki };
  await Promise.all(due.map(async (k) => (next[k] = await ETCD_LEAVES[k](pki.ca, leaf.ttlSeconds))));
  return next;
}

/** Writes the etcd PKI into `dir` (issuing a server and peer certificate when the PKI has none). Returns the file paths. */
export async function writeEtcdTls(dir: string, stored: EtcdPki): Promise<EtcdTlsFiles> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pki = stored.server && stored.peer ? stored : await renewEtcdPki(stored);
  const files = etcdTlsFiles(dir);
  const writes: [string, string][] = [[files.caFile, pki.ca.certPem], [path.join(dir, "ca.key"), pki.ca.keyPem],
    [files.serverCertFile, pki.server!.certPem], [files.serverKeyFile, pki.server!.keyPem],
    [files.peerCertFile, pki.peer!.certPem], [files.peerKeyFile, pki.peer!.keyPem],
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
  const opt = (c: string, k: string) => { const [certPem, keyPem] = [read(c), read(k)]; return certPem && keyPem ? { certPem, keyPem } : undefined; };
  return { ca: { certPem: caCert, keyPem: caKey }, client: { certPem: cert, keyPem: key },
    server: opt(f.serverCertFile, f.serverKeyFile), peer: opt(f.peerCertFile, f.peerKeyFile) };
}

export function etcdTlsFiles(dir: string): EtcdTlsFiles {
  const f = (n: string) => path.join(dir, n);
  return { caFile: f("ca.crt"), serverCertFile: f("server.crt"), serverKeyFile: f("server.key"), peerCertFile: f("peer.crt"), peerKeyFile: f("peer.key"), clientCertFile: f("client.crt"), clientKeyFile: f("client.key") };
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
    "--peer-client-cert-auth", `--peer-trusted-ca-file=${tls.caFile}`, `--peer-cert-file=${tls.peerCertFile}`, `--peer-key-file=${tls.peerKeyFile}`,
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
