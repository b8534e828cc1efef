import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createCa, issueClientCert, issueServingCert, type CertKeyPair } from "@/server/pki/pki";
import { newEtcdPki, renewEtcdPki, type EtcdPki } from "@/server/local/etcd";
import { COMPONENTS } from "@/server/local/components";
import { writeKubeconfigFile, writePrivateFile } from "@/server/local/files";

/**
 * What a caller keeps (as Secrets) to restart a tenant with the same identity: the tenant CA with the
 * apiserver's serving and the admin's client certificate, and the tenant etcd's own CA and client
 * certificate (Kamaji's DataStore Secret). `etcd` is absent only for a tenant stored by an older version.
 */
export interface TenantPki {
  ca: CertKeyPair;
  serving: CertKeyPair;
  admin: CertKeyPair;
  etcd?: EtcdPki;
}

export const YEAR_S = 365 * 24 * 3600;
const generateKeyPair = promisify(crypto.generateKeyPair);

/** The etcd part of a tenant's PKI: the stored one (renewed as it ages), or a new one. */
export async function tenantEtcdPki(name: string, pki?: TenantPki): Promise<EtcdPki> {
  return pki?.etcd ? renewEtcdPki(pki.etcd) : newEtcdPki(name);
}

/** The tenant CA with its serving and admin certificates: the stored ones, or new ones on a first start. */
export async function tenantCaPki(name: string, pki?: TenantPki): Promise<Omit<TenantPki, "etcd">> {
  if (pki) return pki;
  const ca = await createCa(name);
  const [serving, admin] = await Promise.all([
    issueServingCert(ca, { hosts: ["127.0.0.1"] }),
    issueClientCert(ca, { user: `${name}-admin`, groups: ["system:masters"], ttlSeconds: YEAR_S }),
  ]);
  return { ca, serving, admin: { certPem: admin.certPem, keyPem: admin.keyPem } };
}

/** Writes the tenant CA and serving files into `dir/pki`, and makes the service-account key pair once. */
export async function writeTenantFiles(dir: string, pki: Omit<TenantPki, "etcd">): Promise<void> {
  const pkiDir = path.join(dir, "pki");
  fs.mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  const saKey = path.join(dir, "sa.key");
  // ES256 service-account tokens: the apiserver and KCM accept EC keys, and an RSA-2048 key takes up to
  // half a second to find primes on a busy machine, straight on the start-up path.
  const sa = fs.existsSync(saKey) ? undefined : generateKeyPair("ec", {
    namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const files: [string, string][] = [["ca.crt", pki.ca.certPem], ["ca.key", pki.ca.keyPem], ["apiserver.crt", pki.serving.certPem], ["apiserver.key", pki.serving.keyPem]];
  for (const [name, pem] of files) writePrivateFile(path.join(pkiDir, name), pem);
  if (sa) {
    const { privateKey, publicKey } = await sa;
    writePrivateFile(path.join(dir, "sa.pub"), publicKey);
    writePrivateFile(saKey, privateKey);
  }
}

/**
 * The admin kubeconfig for `endpoint`, and kubeadm's identities for the controller-manager and scheduler
 * (re-issued per start, since only the CA persists). All go through the one kubeconfig writer.
 */
export async function writeTenantKubeconfigs(dir: string, name: string, endpoint: string, pki: TenantPki): Promise<void> {
  const write = (file: string, user: string, client: CertKeyPair) =>
    writeKubeconfigFile(path.join(dir, file), { cluster: name, server: endpoint, caPem: pki.ca.certPem, user, certPem: client.certPem, keyPem: client.keyPem, namespace: "default" });
  write("admin.kubeconfig", `${name}-admin`, pki.admin);
  await Promise.all(COMPONENTS.map(async (c) => write(`${c}.kubeconfig`, c, await issueClientCert(pki.ca, { user: `system:${c}`, groups: [], ttlSeconds: YEAR_S }))));
}
