import crypto from "node:crypto";
import { KAMAJI_ROTATE_ANNOTATION, NEXT_CA_CRT, pkiSecretSpec } from "@/lib/certificates/kamaji";
import type { CertificateRecord } from "@/lib/certificates/inventory";
import { describeCertificate, keyTypeOf } from "@/server/pki/pki";
import { kubeconfigClientCert } from "@/server/kube/kubeconfig";

/** What the console keeps of a PKI Secret: its identity and its certificates' public facts, never key material. */
export interface PkiSecretShape {
  metadata: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; creationTimestamp?: string };
  /** The control plane it belongs to (Kamaji's name label). */
  controlPlane?: string;
  /** Kamaji's rotation annotation: "" while a rotation is asked for, the time of the last rotation after. */
  rotation?: string;
  certificates: Omit<CertificateRecord, "tenant">[];
}

interface RawSecret {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string | Date };
  data?: Record<string, string>;
}

const text = (data: Record<string, string> | undefined, key: string) => (data?.[key] ? Buffer.from(data[key], "base64").toString("utf8") : undefined);

/**
 * The watch-cache transform for Kamaji's PKI Secrets: parses the certificates (a kubeconfig's client certificate,
 * the service-account public key) into public facts and returns a new object without `data`, so no key, and no
 * certificate bytes either, are held in memory past this call. A part that does not parse is left out.
 */
export function shapePkiSecret(raw: unknown): PkiSecretShape {
  const s = raw as RawSecret;
  const { name, namespace, resourceVersion, labels } = s.metadata ?? {};
  const created = s.metadata?.creationTimestamp;
  const creationTimestamp = created instanceof Date ? created.toISOString() : created;
  const metadata = { name, namespace, resourceVersion, labels, creationTimestamp };
  const match = pkiSecretSpec(s);
  if (!match) return { metadata, certificates: [] };
  const { spec, controlPlane } = match;
  const source = `${namespace}/${name}`;
  const certificates: PkiSecretShape["certificates"] = [];
  const add = (kind: CertificateRecord["kind"], pem: string | undefined) => {
    if (!pem) return;
    try {
      certificates.push({ kind, source, ...describeCertificate(pem) });
    } catch {
      // not a certificate: nothing to show for it
    }
  };
  if (spec.ca) add(spec.ca.kind, text(s.data, spec.ca.crt));
  if (spec.cert) add(spec.cert.kind, text(s.data, spec.cert.crt));
  // During a CA rotation the tenant CA's Secret also carries the new CA: both are in the inventory.
  if (spec.cert?.kind === "ca") add("ca", text(s.data, NEXT_CA_CRT));
  if (spec.kubeconfig) {
    const conf = text(s.data, spec.kubeconfig.file);
    add(spec.kubeconfig.kind, conf ? kubeconfigClientCert(conf)?.certPem : undefined);
  }
  if (spec.keyPair) {
    const pub = text(s.data, spec.keyPair.pub);
    try {
      if (pub) {
        const key = crypto.createPublicKey(pub);
        const fingerprint = crypto.createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex").slice(0, 32);
        // A key pair has no dates of its own: its age counts from when its Secret was made.
        certificates.push({ kind: spec.keyPair.kind, source, subject: "", issuer: "", sans: [], serial: fingerprint, keyType: keyTypeOf(key),
          notBefore: creationTimestamp ?? new Date(0).toISOString(), isCa: false });
      }
    } catch {
      // not a public key
    }
  }
  return { metadata, controlPlane, certificates, rotation: s.metadata?.annotations?.[KAMAJI_ROTATE_ANNOTATION] };
}
