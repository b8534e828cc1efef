import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_LEAF_POLICY, type LeafPolicy } from "@/lib/certificates/renewal";
import { createCa, issueClientCert, issueServingCert, pemBundle, signedBy, type CertKeyPair } from "@/server/pki/pki";
import { ETCD_LEAF_NAMES, leafDue, newEtcdPki, renewEtcdPki, type EtcdLeaf, type EtcdPki } from "@/server/local/etcd";
import { writeKubeconfigFile, writePrivateFile } from "@/server/local/files";

/** The service-account token key pair (no certificate: it never expires, only its age matters). */
export interface KeyPair {
  publicPem: string;
  keyPem: string;
}

/**
 * What a caller keeps (as Secrets, with Kamaji's names) to restart a tenant with the same identity: the tenant
 * CA and the leaves it signs, the front-proxy CA and its client, the service-account key pair, and the tenant
 * etcd's own CA with its certificates. Parts absent in a tenant stored by an older version are made at start.
 */
export interface TenantPki {
  ca: CertKeyPair;
  /** During a CA rotation (lib/tenants/ca-rotation.ts): the new CA, trusted beside `ca` and signing every client leaf. */
  caNext?: CertKeyPair;
  serving: CertKeyPair;
  admin: CertKeyPair;
  kubeletClient?: CertKeyPair;
  frontProxyCa?: CertKeyPair;
  frontProxyClient?: CertKeyPair;
  controllerManager?: CertKeyPair;
  scheduler?: CertKeyPair;
  sa?: KeyPair;
  etcd?: EtcdPki;
}

/** The step of a CA rotation the operator was asked for and has not finished (none outside a rotation). */
export type CaStep = "Prepare" | "Complete" | undefined;

/** The CAs that sign each kind of leaf: client leaves from the new CA as soon as there is one, the serving certificate only once the rotation completes. */
export function signersOf(p: Pick<TenantPki, "ca" | "caNext" | "frontProxyCa">, step: CaStep) {
  return { client: p.caNext ?? p.ca, serving: step === "Complete" && p.caNext ? p.caNext : p.ca, frontProxy: p.frontProxyCa! };
}

/** What clients and servers of the tenant trust: the CA, and the new one during a rotation. */
export const trustBundle = (p: Pick<TenantPki, "ca" | "caNext">) => pemBundle(p.ca.certPem, p.caNext?.certPem);

const pair = ({ certPem, keyPem }: CertKeyPair): CertKeyPair => ({ certPem, keyPem });
type Signers = ReturnType<typeof signersOf>;
const client = async (ca: CertKeyPair, user: string, groups: string[], ttlSeconds: number) => pair(await issueClientCert(ca, { user, groups, ttlSeconds }));

/** Every leaf of the tenant CA and the front-proxy CA, with the CA that signs it and how it is issued (kubeadm's subjects). */
const LEAVES = {
  serving: { signer: (s: Signers) => s.serving, issue: (ca: CertKeyPair, _name: string, ttl: number) => issueServingCert(ca, { hosts: ["127.0.0.1"], ttlSeconds: ttl }) },
  admin: { signer: (s: Signers) => s.client, issue: (ca: CertKeyPair, name: string, ttl: number) => client(ca, `${name}-admin`, ["system:masters"], ttl) },
  kubeletClient: { signer: (s: Signers) => s.client, issue: (ca: CertKeyPair, _name: string, ttl: number) => client(ca, "kube-apiserver-kubelet-client", ["kubeadm:cluster-admins"], ttl) },
  frontProxyClient: { signer: (s: Signers) => s.frontProxy, issue: (ca: CertKeyPair, _name: string, ttl: number) => client(ca, "front-proxy-client", [], ttl) },
  controllerManager: { signer: (s: Signers) => s.client, issue: (ca: CertKeyPair, _name: string, ttl: number) => client(ca, "system:kube-controller-manager", [], ttl) },
  scheduler: { signer: (s: Signers) => s.client, issue: (ca: CertKeyPair, _name: string, ttl: number) => client(ca, "system:kube-scheduler", [], ttl) },
} as const;
export type TenantLeaf = keyof typeof LEAVES;
export const TENANT_LEAF_NAMES = Object.keys(LEAVES) as TenantLeaf[];
/** A leaf anywhere in the tenant's PKI: the tenant and front-proxy CAs' leaves, or the etcd's (`etcd.<leaf>`). */
export type AnyLeaf = TenantLeaf | `etcd.${EtcdLeaf}`;
export const ALL_LEAVES: AnyLeaf[] = [...TENANT_LEAF_NAMES, ...ETCD_LEAF_NAMES.map((l) => `etcd.${l}` as const)];

const generateKeyPair = promisify(crypto.generateKeyPair);

/** The service-account key pair an older version kept only as files, or a new one. */
async function serviceAccountKeys(dir: string): Promise<KeyPair> {
  const [pub, key] = [path.join(dir, "sa.pub"), path.join(dir, "sa.key")];
  if (fs.existsSync(pub) && fs.existsSync(key)) return { publicPem: fs.readFileSync(pub, "utf8"), keyPem: fs.readFileSync(key, "utf8") };
  // ES256 service-account tokens: the apiserver and KCM accept EC keys, and an RSA-2048 key takes up to
  // half a second to find primes on a busy machine, straight on the start-up path.
  const { privateKey, publicKey } = await generateKeyPair("ec", {
    namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  return { publicPem: publicKey, keyPem: privateKey };
}

export interface PkiChange {
  pki: TenantPki;
  /** The leaves issued (missing, due for renewal or forced); empty when `pki` is the stored object itself. */
  issued: AnyLeaf[];
}

/**
 * The tenant's complete PKI: the stored one when nothing is missing or due, otherwise a copy where missing
 * parts are made and leaves past their renewal time (or named in `force`) are issued again from the same CA.
 */
export async function completeTenantPki(name: string, dir: string, stored: TenantPki | undefined, leaf: LeafPolicy = DEFAULT_LEAF_POLICY, force: readonly AnyLeaf[] = [], caStep: CaStep = undefined): Promise<PkiChange> {
  const now = Date.now();
  // The CAs, the service-account keys and the etcd PKI do not depend on each other: made side by side (WebCrypto
  // runs them on libuv's thread pool), then the leaves of both tenant CAs, also side by side.
  const etcdForce = ETCD_LEAF_NAMES.filter((l) => force.includes(`etcd.${l}`));
  const [ca, caNext, frontProxyCa, sa, etcd] = await Promise.all([
    stored?.ca ?? createCa(name), stored?.caNext ?? (caStep === "Prepare" && stored ? createCa(`${name}-${now.toString(36)}`) : undefined),
    stored?.frontProxyCa ?? createCa(`${name}-front-proxy`), stored?.sa ?? serviceAccountKeys(dir),
    stored?.etcd ? renewEtcdPki(stored.etcd, leaf, etcdForce) : newEtcdPki(name, leaf),
  ]);
  const changed = !stored || !stored.frontProxyCa || !stored.sa || caNext !== stored.caNext;
  const next: TenantPki = { ...stored, ca, frontProxyCa, sa } as TenantPki;
  if (caNext) next.caNext = caNext;
  // A leaf is issued again when missing, due, forced, or signed by another CA than the one that signs it now
  // (a CA rotation moved on, possibly before a crash, and the stored leaf is still the old CA's).
  const signers = signersOf(next, caStep);
  const due = TENANT_LEAF_NAMES.filter((k) => force.includes(k) || leafDue(next[k], leaf, now) || !signedBy(next[k]!.certPem, LEAVES[k].signer(signers).certPem));
  await Promise.all(due.map(async (k) => (next[k] = await LEAVES[k].issue(LEAVES[k].signer(signers), name, leaf.ttlSeconds))));
  const etcdIssued = ETCD_LEAF_NAMES.filter((l) => etcd[l] !== stored?.etcd?.[l]).map((l) => `etcd.${l}` as const);
  next.etcd = etcd;
  const issued: AnyLeaf[] = [...due, ...etcdIssued];
  return changed || issued.length ? { pki: next, issued } : { pki: stored!, issued: [] };
}

/** The end of a CA rotation: the new CA becomes the CA, and the old one is gone with everything it signed. */
export function dropOldCa(pki: TenantPki): TenantPki {
  if (!pki.caNext) return pki;
  const { caNext, ...rest } = pki;
  return { ...rest, ca: caNext };
}

/** The files each process reads, all under `dir/pki` (and the service-account keys under `dir`). */
export const tenantPkiFiles = (dir: string) => {
  const f = (n: string) => path.join(dir, "pki", n);
  return {
    ca: f("ca.crt"), caKey: f("ca.key"), caBundle: f("ca-bundle.crt"), signingCa: f("signing-ca.crt"), signingCaKey: f("signing-ca.key"), serving: f("apiserver.crt"), servingKey: f("apiserver.key"),
    kubeletClient: f("apiserver-kubelet-client.crt"), kubeletClientKey: f("apiserver-kubelet-client.key"),
    frontProxyCa: f("front-proxy-ca.crt"), frontProxyClient: f("front-proxy-client.crt"), frontProxyClientKey: f("front-proxy-client.key"),
    saPub: path.join(dir, "sa.pub"), saKey: path.join(dir, "sa.key"),
  };
};

/** Writes the tenant PKI's files (each atomically; kube-apiserver reloads its serving and proxy-client pairs from them). */
export function writeTenantFiles(dir: string, pki: TenantPki): void {
  fs.mkdirSync(path.join(dir, "pki"), { recursive: true, mode: 0o700 });
  const f = tenantPkiFiles(dir);
  const signing = signersOf(pki, undefined).client;
  const files: [string, string][] = [[f.ca, pki.ca.certPem], [f.caKey, pki.ca.keyPem], [f.caBundle, trustBundle(pki)],
    [f.signingCa, signing.certPem], [f.signingCaKey, signing.keyPem], [f.serving, pki.serving.certPem], [f.servingKey, pki.serving.keyPem],
    [f.kubeletClient, pki.kubeletClient!.certPem], [f.kubeletClientKey, pki.kubeletClient!.keyPem],
    [f.frontProxyCa, pki.frontProxyCa!.certPem], [f.frontProxyClient, pki.frontProxyClient!.certPem], [f.frontProxyClientKey, pki.frontProxyClient!.keyPem],
    [f.saPub, pki.sa!.publicPem], [f.saKey, pki.sa!.keyPem]];
  for (const [file, pem] of files) writePrivateFile(file, pem);
}

/** The kubeconfig files of the admin, the controller-manager and the scheduler (Kamaji's three), by the one writer. */
export function writeTenantKubeconfigs(dir: string, name: string, endpoint: string, pki: TenantPki): void {
  const write = (file: string, user: string, c: CertKeyPair) =>
    writeKubeconfigFile(path.join(dir, file), { cluster: name, server: endpoint, caPem: trustBundle(pki), user, certPem: c.certPem, keyPem: c.keyPem, namespace: "default" });
  write("admin.kubeconfig", `${name}-admin`, pki.admin);
  write("kube-controller-manager.kubeconfig", "system:kube-controller-manager", pki.controllerManager!);
  write("kube-scheduler.kubeconfig", "system:kube-scheduler", pki.scheduler!);
}
