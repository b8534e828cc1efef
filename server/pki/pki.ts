import crypto from "node:crypto";
// @peculiar/x509 2.x resolves its algorithm providers through tsyringe, which needs a Reflect metadata
// polyfill loaded before it (its README says so); 1.x bundled this import itself.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

// Node can parse certificates but not create them; @peculiar/x509 signs them through WebCrypto.
x509.cryptoProvider.set(crypto.webcrypto as Crypto);

/** A PEM certificate and its PKCS#8 "PRIVATE KEY" PEM. */
export interface CertKeyPair {
  certPem: string;
  keyPem: string;
}

const subtle = crypto.webcrypto.subtle as SubtleCrypto;
// ECDSA P-256: key generation takes about a millisecond, where RSA-2048 takes tens to hundreds.
const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY_MS = 24 * 3600 * 1000;
/** Backdated so a clock a little behind the signer's still accepts a fresh certificate. */
const SKEW_MS = 5 * 60 * 1000;

/** Names every apiserver serving certificate carries: loopback, the first service IP, the in-cluster names. */
const DEFAULT_SERVING_HOSTS = ["127.0.0.1", "10.96.0.1", "localhost", "kubernetes", "kubernetes.default",
  "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

async function newKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function keyToPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** Imports a CA key for signing; accepts the EC keys createCa makes and RSA keys (e.g. a CA made elsewhere). */
async function importSigningKey(keyPem: string): Promise<{ key: CryptoKey; alg: Algorithm | EcdsaParams }> {
  const ko = crypto.createPrivateKey(keyPem);
  const der = ko.export({ type: "pkcs8", format: "der" });
  if (ko.asymmetricKeyType === "rsa") {
    const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    return { key: await subtle.importKey("pkcs8", der, alg, false, ["sign"]), alg };
  }
  const curve = ko.asymmetricKeyDetails?.namedCurve;
  if (ko.asymmetricKeyType !== "ec" || (curve !== "prime256v1" && curve !== "P-256")) {
    throw new Error(`unsupported CA key (${ko.asymmetricKeyType} ${curve ?? ""}): use ECDSA P-256 or RSA`);
  }
  return { key: await subtle.importKey("pkcs8", der, EC, false, ["sign"]), alg: SIGN };
}

const isIp = (h: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(":");

/** Issues a leaf certificate for a fresh key pair, signed by `ca`. */
async function issueLeaf(ca: CertKeyPair, subject: x509.JsonName, ttlMs: number, extensions: x509.Extension[]) {
  const caCert = new x509.X509Certificate(ca.certPem);
  const { key: signingKey, alg } = await importSigningKey(ca.keyPem);
  const keys = await newKeyPair();
  const now = Date.now();
  // A short-lived leaf (tests, demos) is backdated by a tenth of its life at most, so most of it lies ahead.
  const skew = Math.min(SKEW_MS, ttlMs / 10);
  const cert = await x509.X509CertificateGenerator.create({
    subject,
    issuer: caCert.subject,
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: alg,
    notBefore: new Date(now - skew),
    notAfter: new Date(now + ttlMs),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      ...extensions,
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await keyToPem(keys.privateKey), notAfter: cert.notAfter };
}

/** A certificate authority of its own (a tenant's, an etcd's): self-signed, CN=`<name>-ca`, valid 10 years. */
export async function createCa(name: string): Promise<CertKeyPair> {
  const keys = await newKeyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [`${name}-ca`] }],
    keys,
    signingAlgorithm: SIGN,
    notBefore: new Date(now - SKEW_MS),
    notAfter: new Date(now + 3650 * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await keyToPem(keys.privateKey) };
}

/**
 * The kube-apiserver serving certificate (1 year). Its SANs are `hosts` (addresses clients dial, e.g. a
 * load balancer's) plus loopback, the first service IP and the in-cluster `kubernetes.*` names.
 */
export async function issueServingCert(ca: CertKeyPair, opts: { hosts: string[]; ttlSeconds?: number }): Promise<CertKeyPair> {
  return issueServerCert(ca, { commonName: "kube-apiserver", hosts: [...opts.hosts, ...DEFAULT_SERVING_HOSTS], ttlSeconds: opts.ttlSeconds });
}

/**
 * A server certificate for exactly `hosts` (1 year unless `ttlSeconds` says otherwise). With `peer`, it also
 * authenticates as a client: etcd members present their serving certificate to each other on the peer port.
 */
export async function issueServerCert(ca: CertKeyPair, opts: { commonName: string; hosts: string[]; peer?: boolean; ttlSeconds?: number }): Promise<CertKeyPair> {
  const hosts = [...new Set(opts.hosts)];
  const usages = opts.peer ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.serverAuth];
  const { certPem, keyPem } = await issueLeaf(ca, [{ CN: [opts.commonName] }], (opts.ttlSeconds ?? 365 * 24 * 3600) * 1000, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(usages),
    new x509.SubjectAlternativeNameExtension(hosts.map((h) => ({ type: isIp(h) ? ("ip" as const) : ("dns" as const), value: h }))),
  ]);
  return { certPem, keyPem };
}

/**
 * A client certificate: the apiserver reads CN as the user and each O as a group. It verifies client
 * certificates for clientAuth, so that EKU must be present. A fresh key pair is made per call.
 */
export async function issueClientCert(
  ca: CertKeyPair,
  opts: { user: string; groups: string[]; ttlSeconds: number },
): Promise<CertKeyPair & { notAfter: Date }> {
  // One RDN per group, the shape kubeadm and openssl produce for repeated O= fields.
  const subject: x509.JsonName = [...opts.groups.map((g) => ({ O: [g] })), { CN: [opts.user] }];
  return issueLeaf(ca, subject, opts.ttlSeconds * 1000, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ]);
}

/** When a PEM certificate starts to be valid (backdated by the signer's allowance for skew). */
export function certNotBefore(certPem: string): Date {
  return new x509.X509Certificate(certPem).notBefore;
}

/** When a PEM certificate expires. */
export function certNotAfter(certPem: string): Date {
  return new x509.X509Certificate(certPem).notAfter;
}

/** The public facts of a certificate, as the inventory shows them. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  sans: string[];
  serial: string;
  /** e.g. "ECDSA P-256" or "RSA 2048". */
  keyType: string;
  notBefore: string;
  notAfter: string;
  isCa: boolean;
}

/** The key type of a PEM public key (SPKI) or certificate's key, e.g. "ECDSA P-256", "RSA 2048", "Ed25519". */
export function keyTypeOf(publicKey: crypto.KeyObject): string {
  const d = publicKey.asymmetricKeyDetails ?? {};
  switch (publicKey.asymmetricKeyType) {
    case "rsa":
      return `RSA ${d.modulusLength ?? ""}`.trim();
    case "ec":
      return `ECDSA ${d.namedCurve === "prime256v1" ? "P-256" : d.namedCurve === "secp384r1" ? "P-384" : (d.namedCurve ?? "")}`.trim();
    case "ed25519":
      return "Ed25519";
    default:
      return publicKey.asymmetricKeyType ?? "unknown";
  }
}

/** Parses a PEM certificate (the first of a bundle) into its public facts; nothing of a key is read. */
export function describeCertificate(pem: string): CertificateFacts {
  const cert = new x509.X509Certificate(pem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    sans: san ? san.names.items.map((n) => n.value) : [],
    serial: cert.serialNumber,
    keyType: keyTypeOf(crypto.createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: "der", type: "spki" })),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    isCa: !!basic?.ca,
  };
}

/** Whether `certPem` carries a signature of the CA in `caPem` (the signature is checked, not only the issuer's name). */
export function signedBy(certPem: string, caPem: string): boolean {
  const ca = new crypto.X509Certificate(caPem);
  const cert = new crypto.X509Certificate(certPem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** A trust bundle: the PEM certificates one after the other (a single one exactly as it is). */
export function pemBundle(...pems: (string | undefined)[]): string {
  const present = pems.filter((p): p is string => !!p);
  return present.length === 1 ? present[0]! : present.map((p) => (p.endsWith("\n") ? p : `${p}\n`)).join("");
}
